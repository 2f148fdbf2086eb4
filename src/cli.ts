#!/usr/bin/env node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { MockAwsHttpServer, StartServerOptions } from './server.js'
import { UsageError } from './core/usage-error.js'
import { readIdentitiesFile } from './world/identities-file.js'
import { readCertificate } from './transport/tls.js'

/** The `s3-kms-mock` bin (SPEC §7): `serve` and its flags; everything else is `startServer`. */

const USAGE = `Usage: s3-kms-mock serve [options]
       s3-kms-mock contract --target NAME [options]   (see s3-kms-mock contract --help)

Serves Amazon S3 and AWS KMS on one port over real HTTP or HTTPS, for SDKs and tools in any
language (point them at the printed endpoint with --endpoint-url / endpoint_url / endpoint).

Options:
  --host HOST     Interface to bind. Default 127.0.0.1 (this machine only); 0.0.0.0 exposes the
                  mock to the network.
  --port PORT     Port to bind. Default 4566; 0 picks a free port (the endpoint line shows it).
  --https         Serve HTTPS with a self-signed certificate generated at start for localhost,
                  127.0.0.1, ::1 and --host; it also signs one per <bucket>.localhost on demand.
                  Its file is printed: trust it with AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE or
                  NODE_EXTRA_CA_CERTS (or use --no-verify-ssl).
  --cert FILE     Serve HTTPS with this PEM certificate (needs --key; implies --https).
  --key FILE      The PEM private key of --cert.
  --fixture FILE  A JSON world file (keys, aliases, buckets, objects; see fixtures/ and
                  schema/world.schema.json) loaded at start and again after every reset.
  --seed SEED     Deterministic key ids, key material, data keys, IVs and ids: the same seed
                  gives the same bytes on every run.
  --region REGION The world's default region (requests that name none). Default us-east-1.
  --account-id ID The 12-digit account id in ARNs and audit events. Default 123456789012.
  --allow-sse-c   New buckets do not block SSE-C (blockSseCOnNewBuckets: false), as buckets made
                  before April 2026: for clients too old to send BlockedEncryptionTypes.
  --credentials FILE
                  Strict mode: only SigV4 signatures that verify against these keys get in.
                  FILE is JSON: {"credentials": {"accessKeyId": "...", "secretAccessKey": "..."}}
                  (or a list of them), and/or "principals". Env: S3_KMS_MOCK_CREDENTIALS=FILE.
  --allow-host NAME
                  Also answer this Host (and its subdomains), e.g. a docker-compose service
                  name; repeatable. Any other name but localhost, *.localhost, IP literals and
                  --host is refused (DNS rebinding guard). Env: S3_KMS_MOCK_ALLOW_HOSTS=a,b.
  --max-audit-events N
                  Audit events kept; older ones are dropped and counted. Default 10000.
                  Env: S3_KMS_MOCK_MAX_AUDIT_EVENTS.
  --headers-timeout-ms MS, --request-timeout-ms MS, --idle-timeout-ms MS, --max-connections N
                  Limits per connection (defaults 10000, 300000, 60000 and 256; 0 turns a
                  timeout off). Env: S3_KMS_MOCK_HEADERS_TIMEOUT_MS, ..._REQUEST_TIMEOUT_MS,
                  ..._IDLE_TIMEOUT_MS, S3_KMS_MOCK_MAX_CONNECTIONS.
  -h, --help      Show this help.

Environment: every option can also be set with a variable; a flag on the command line wins.
  S3_KMS_MOCK_HOST, S3_KMS_MOCK_PORT, S3_KMS_MOCK_HTTPS (true/false), S3_KMS_MOCK_CERT,
  S3_KMS_MOCK_KEY, S3_KMS_MOCK_FIXTURE, S3_KMS_MOCK_SEED, S3_KMS_MOCK_REGION,
  S3_KMS_MOCK_ACCOUNT_ID, S3_KMS_MOCK_ALLOW_SSE_C (true/false), and those named above

Control endpoints (on the server's own host, never under a virtual-hosted bucket). Each but
health needs the header 'x-s3-kms-mock-control: 1' (403 without it), which no web page can send
cross-site:
  GET  /_s3-kms-mock/health   200 {"status":"running"} once the server accepts requests
  POST /_s3-kms-mock/reset    empties the world (keys, aliases, buckets, objects, audit log),
                              then loads --fixture again
  GET  /_s3-kms-mock/audit    {"events":[...]}: CloudTrail-shaped events (as world.audit.events),
                              filtered by query: ?eventSource=kms.amazonaws.com&eventName=Decrypt;
                              dotted names reach inside: ?userIdentity.invokedBy=s3.amazonaws.com
  GET  /_s3-kms-mock/object?bucket=B&key=K[&versionId=V]
                              how the object is stored (as world.s3.object().describe()): size,
                              ETag, encryption type, key ARN, context, SSE-C key MD5; 404 if absent
Neither shows key material, data keys, customer keys or object bytes.

Addressing: path-style on every endpoint; virtual-hosted as http://<bucket>.localhost:<port>.
Plain http and https reach the mock as such (SSE-C needs https, as on AWS).

SIGINT/SIGTERM stop gracefully: no new connections, in-flight requests finish, exit 0. Requests
still running after 10 s are cut (exit 1); a second signal cuts them at once.

Exit codes: 0 stopped cleanly, 1 failed to start or stop, 2 bad command line or fixture.
`

const GRACE_MS = 10_000

class CommandLineError extends Error {}

interface ServeCommand {
  readonly help: boolean
  readonly options: StartServerOptions
}

/** Every serve option's environment variable (SPEC §7: every world option has both). */
const ENVIRONMENT = {
  host: 'S3_KMS_MOCK_HOST',
  port: 'S3_KMS_MOCK_PORT',
  https: 'S3_KMS_MOCK_HTTPS',
  cert: 'S3_KMS_MOCK_CERT',
  key: 'S3_KMS_MOCK_KEY',
  fixture: 'S3_KMS_MOCK_FIXTURE',
  seed: 'S3_KMS_MOCK_SEED',
  region: 'S3_KMS_MOCK_REGION',
  'account-id': 'S3_KMS_MOCK_ACCOUNT_ID',
  'allow-sse-c': 'S3_KMS_MOCK_ALLOW_SSE_C',
} as const
const BOOLEAN_OPTIONS: ReadonlySet<string> = new Set(['https', 'allow-sse-c'])

/** The command line's values, completed from the environment where a flag was not given. */
function withEnvironment<V extends Partial<Record<keyof typeof ENVIRONMENT, string | boolean>>>(
  values: V,
  env: NodeJS.ProcessEnv,
): V {
  const out: Record<string, string | boolean | undefined> = { ...values }
  for (const [option, variable] of Object.entries(ENVIRONMENT)) {
    const raw = env[variable]
    if (out[option] !== undefined || raw === undefined || raw === '') continue
    if (!BOOLEAN_OPTIONS.has(option)) {
      out[option] = raw
    } else if (/^(true|1)$/i.test(raw)) {
      out[option] = true
    } else if (!/^(false|0)$/i.test(raw)) {
      throw new CommandLineError(`${variable} must be true or false, not "${raw}".`)
    }
  }
  return out as V
}

function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ServeCommand {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        https: { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        seed: { type: 'string' },
        fixture: { type: 'string' },
        region: { type: 'string' },
        'account-id': { type: 'string' },
        'allow-sse-c': { type: 'boolean' },
        credentials: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        'max-audit-events': { type: 'string' },
        'headers-timeout-ms': { type: 'string' },
        'request-timeout-ms': { type: 'string' },
        'idle-timeout-ms': { type: 'string' },
        'max-connections': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new CommandLineError((error as Error).message)
  }
  const { positionals } = parsed
  const values = withEnvironment(parsed.values, env)
  if (values.help === true) return { help: true, options: {} }
  const [command, ...rest] = positionals
  if (command === undefined) {
    throw new CommandLineError('Missing the command: use "serve" or "contract".')
  }
  if (command !== 'serve') {
    throw new CommandLineError(`Unknown command "${command}": use "serve" or "contract".`)
  }
  if (rest.length > 0) throw new CommandLineError(`Unexpected argument "${rest.join(' ')}".`)

  const options: StartServerOptions = { port: 4566 }
  if (values.host !== undefined) {
    if (values.host === '') throw new CommandLineError('--host needs a host name or address.')
    options.host = values.host
  }
  if (values.port !== undefined) {
    const port = Number(values.port)
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new CommandLineError(`--port must be a number from 0 to 65535, not "${values.port}".`)
    }
    options.port = port
  }
  if ((values.cert === undefined) !== (values.key === undefined)) {
    throw new CommandLineError('--cert and --key go together: give both files, or neither.')
  }
  if (values.cert !== undefined && values.key !== undefined) {
    try {
      const { cert, key } = readCertificate(values.cert, values.key)
      options.https = { cert, key }
    } catch (error) {
      throw new CommandLineError(`Cannot read --cert/--key: ${(error as Error).message}`)
    }
  } else if (values.https === true) {
    options.https = true
  }
  if (values.seed !== undefined) options.seed = values.seed
  if (values.fixture !== undefined) options.fixture = values.fixture
  if (values.region !== undefined) options.region = values.region
  if (values['account-id'] !== undefined) options.accountId = values['account-id']
  if (values['allow-sse-c'] === true) options.blockSseCOnNewBuckets = false
  Object.assign(options, securityOptions(values, process.env))
  return { help: false, options }
}

/** A whole number flag (or its environment variable), `min` or more. */
function count(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new CommandLineError(
      `--${flag} must be a whole number of at least ${min}, not "${value}".`,
    )
  }
  return Number(value)
}

/**
 * The strict-mode, host and limit flags (issue #14), each with an environment variable for
 * containers; a flag wins over its variable.
 */
function securityOptions(
  values: {
    credentials?: string | undefined
    'allow-host'?: string[] | undefined
    'max-audit-events'?: string | undefined
    'headers-timeout-ms'?: string | undefined
    'request-timeout-ms'?: string | undefined
    'idle-timeout-ms'?: string | undefined
    'max-connections'?: string | undefined
  },
  env: NodeJS.ProcessEnv,
): Partial<StartServerOptions> {
  const out: Partial<StartServerOptions> = {}
  const file = values.credentials ?? env.S3_KMS_MOCK_CREDENTIALS
  if (file !== undefined && file !== '') {
    try {
      Object.assign(out, readIdentitiesFile(file))
    } catch (error) {
      throw new CommandLineError((error as Error).message)
    }
  }
  const hosts =
    values['allow-host'] ??
    (env.S3_KMS_MOCK_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h !== '')
  if (hosts.length > 0) out.allowHosts = hosts
  const audit = count(
    'max-audit-events',
    values['max-audit-events'] ?? env.S3_KMS_MOCK_MAX_AUDIT_EVENTS,
    1,
  )
  if (audit !== undefined) out.maxAuditEvents = audit
  const limits: NonNullable<StartServerOptions['limits']> = {}
  const headers = count(
    'headers-timeout-ms',
    values['headers-timeout-ms'] ?? env.S3_KMS_MOCK_HEADERS_TIMEOUT_MS,
    0,
  )
  if (headers !== undefined) limits.headersTimeoutMs = headers
  const request = count(
    'request-timeout-ms',
    values['request-timeout-ms'] ?? env.S3_KMS_MOCK_REQUEST_TIMEOUT_MS,
    0,
  )
  if (request !== undefined) limits.requestTimeoutMs = request
  const idle = count(
    'idle-timeout-ms',
    values['idle-timeout-ms'] ?? env.S3_KMS_MOCK_IDLE_TIMEOUT_MS,
    0,
  )
  if (idle !== undefined) limits.idleTimeoutMs = idle
  const connections = count(
    'max-connections',
    values['max-connections'] ?? env.S3_KMS_MOCK_MAX_CONNECTIONS,
    1,
  )
  if (connections !== undefined) limits.maxConnections = connections
  if (Object.keys(limits).length > 0) out.limits = limits
  return out
}

function describe(
  server: MockAwsHttpServer,
  certificateFile: string | undefined,
  options: StartServerOptions,
): string {
  const { protocol, port } = new URL(server.url)
  const lines = [
    's3-kms-mock: S3 and KMS on one endpoint',
    `  endpoint     ${server.url}`,
    `  also         ${server.endpoints.filter((e) => e !== server.url).join(', ')}`,
    `  virtual-host ${protocol}//<bucket>.localhost${port === '' ? '' : `:${port}`}`,
    `  health       GET  ${server.healthUrl}`,
    `  reset        POST ${server.resetUrl}  (header x-s3-kms-mock-control: 1)`,
  ]
  const identities = [
    options.credentials ?? [],
    (options as { principals?: unknown }).principals ?? [],
  ]
  const keys = identities.reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 1), 0)
  lines.push(
    keys === 0
      ? '  signatures   any well-formed SigV4 accepted, not verified (--credentials for strict mode)'
      : `  signatures   strict: verified against ${keys} access key${keys === 1 ? '' : 's'}`,
  )
  if (certificateFile !== undefined) {
    lines.push(
      `  certificate  ${certificateFile}`,
      '               (trust it: AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE or NODE_EXTRA_CA_CERTS)',
    )
  }
  lines.push('Ctrl-C stops.')
  return lines.join('\n')
}

async function serve(options: StartServerOptions): Promise<void> {
  let server: MockAwsHttpServer
  try {
    // Loaded only to serve: --help and command-line errors answer without loading the mock.
    const { startServer } = await import('./server.js')
    server = await startServer(options)
  } catch (error) {
    if (error instanceof UsageError) {
      // A fixture that is missing or invalid: the message names the file and the JSON path.
      console.error(`s3-kms-mock: ${error.message}`)
      process.exitCode = 2
      return
    }
    const code = (error as NodeJS.ErrnoException).code
    const where = `${options.host ?? '127.0.0.1'}:${String(options.port)}`
    const reason =
      code === 'EADDRINUSE'
        ? `${where} is already in use. Pick another --port, or --port 0 for a free one.`
        : code === 'EACCES'
          ? `no permission to bind ${where}. Use a port above 1023.`
          : (error as Error).message
    console.error(`s3-kms-mock: failed to start: ${reason}`)
    process.exitCode = 1
    return
  }

  let certificateDir: string | undefined
  let certificateFile: string | undefined
  if (options.https === true && server.ca !== undefined) {
    certificateDir = mkdtempSync(path.join(tmpdir(), 's3-kms-mock-'))
    certificateFile = path.join(certificateDir, 'cert.pem')
    writeFileSync(certificateFile, server.ca)
  }
  console.log(describe(server, certificateFile, options))

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.error(`s3-kms-mock: ${signal} again, cutting open connections.`)
      server.destroy()
      process.exit(1)
    }
    stopping = true
    console.log(`s3-kms-mock: ${signal}, stopping (in-flight requests finish)…`)
    const grace = setTimeout(() => {
      console.error(`s3-kms-mock: requests still running after ${GRACE_MS / 1000} s, cutting them.`)
      process.exitCode = 1
      server.destroy()
    }, GRACE_MS)
    grace.unref()
    server
      .close()
      .then(() => {
        clearTimeout(grace)
        console.log('s3-kms-mock: stopped.')
      })
      .catch((error: unknown) => {
        console.error('s3-kms-mock: failed to stop cleanly:', error)
        process.exitCode = 1
      })
      .finally(() => {
        if (certificateDir !== undefined) rmSync(certificateDir, { recursive: true, force: true })
        // Exit now rather than when the loop drains: nothing of ours is left to wait for.
        process.exit()
      })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

function main(argv: readonly string[]): void {
  if (argv[0] === 'contract') {
    // Loaded only for this command: serving never loads the scenarios or the SDK clients.
    void import('./contract/cli.js')
      .then(({ contractMain }) => contractMain(argv.slice(1)))
      .then((code) => {
        process.exitCode = code
      })
    return
  }
  let command: ServeCommand
  try {
    command = parseCommandLine(argv)
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error
    console.error(`s3-kms-mock: ${error.message}\nRun "s3-kms-mock --help" for usage.`)
    process.exitCode = 2
    return
  }
  if (command.help) {
    process.stdout.write(USAGE)
    return
  }
  void serve(command.options)
}

main(process.argv.slice(2))
