/**
 * What an application's SDK client needs before it sends anything: credentials and a region.
 * Without them the default provider chain fails (or looks up a real profile, SSO or the instance
 * metadata service), so code with "no special config" could not reach the mock: the README's
 * quick start failed with CredentialsProviderError on every fresh CI runner. Set only when absent,
 * so a suite's own values win; the mock accepts any well-formed signature.
 */
const TEST_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'AKIAS3KMSMOCKTESTKEY',
  AWS_SECRET_ACCESS_KEY: 's3-kms-mock-test-secret',
  AWS_REGION: 'us-east-1',
}

/**
 * Sets the dummy credentials and region that are missing, and returns the function that takes
 * back exactly what it set (a value the suite changed meanwhile is left alone).
 */
export function provideTestEnvironment(env: NodeJS.ProcessEnv = process.env): () => void {
  // Credentials come as a pair: a suite that sets its own key id keeps its own secret too.
  const hasCredentials = env.AWS_ACCESS_KEY_ID !== undefined
  const set: [string, string][] = []
  for (const [name, value] of Object.entries(TEST_ENVIRONMENT)) {
    if (name !== 'AWS_REGION' && hasCredentials) continue
    if (env[name] !== undefined) continue
    env[name] = value
    set.push([name, value])
  }
  return () => {
    for (const [name, value] of set.splice(0)) {
      if (env[name] === value) Reflect.deleteProperty(env, name)
    }
  }
}
