// @ts-check
import eslint from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * Layering (DESIGN §3 rule 1): imports point down only.
 * transport → protocol → world → kms | s3 → crypto → core.
 * Each entry lists the folders a layer must never import from.
 */
const layers = {
  core: ['crypto', 'kms', 's3', 'protocol', 'transport', 'world', 'testing', 'contract'],
  crypto: ['kms', 's3', 'protocol', 'transport', 'world', 'testing', 'contract'],
  kms: ['s3', 'protocol', 'transport', 'world', 'testing', 'contract'],
  s3: ['kms', 'protocol', 'transport', 'world', 'testing', 'contract'],
  protocol: ['transport', 'world', 'testing', 'contract'],
  // world/ is the composition root (DESIGN §2): it wires transport, protocol and domain together.
  world: ['testing', 'contract'],
  // The transport turns platform I/O into Fetch requests and knows nothing of AWS.
  transport: ['world', 'kms', 's3', 'protocol', 'testing', 'contract'],
  // The contract suite is shipped to users and runs against real targets: it reaches the mock only
  // through the public entry points (src/index.ts, node.ts, server.ts), as a user would.
  contract: ['core', 'crypto', 'kms', 's3', 'protocol', 'transport', 'world', 'testing'],
  // The page side of the browser lane (ADR 0010) runs in a browser: never the domain, its crypto
  // or the world (type imports only); what it may reach is checked on the built bundle too.
  browser: ['crypto', 'kms', 's3', 'world', 'testing', 'contract'],
}

const layerRules = Object.entries(layers).map(([layer, forbidden]) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((folder) => ({
          group: [`**/${folder}/**`, `../${folder}`, `../../${folder}`],
          ...(layer === 'browser' ? { allowTypeImports: true } : {}),
          message: `src/${layer} must not import from src/${folder} (DESIGN §3: imports point down only).`,
        })),
      },
    ],
  },
}))

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tmp/', 'eslint.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  ...layerRules,
  {
    // Time and randomness are injected (DESIGN §6 rule 6); only core/clock.ts and core/random.ts touch them.
    // The contract suite is exempt: it talks to real targets (fresh SSE-C keys, presign dates).
    files: ['src/**/*.ts'],
    ignores: ['src/core/clock.ts', 'src/core/random.ts', 'src/**/*.test.ts', 'src/contract/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Use the injected clock.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the injected clock.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Use the injected random.',
        },
        {
          selector: "CallExpression[callee.name='randomBytes']",
          message: 'Use the injected random.',
        },
        {
          selector: "CallExpression[callee.name='randomUUID']",
          message: 'Use the injected random.',
        },
        {
          selector: "MemberExpression[property.name='randomBytes']",
          message: 'Use the injected random.',
        },
      ],
    },
  },
  {
    // Plain JavaScript (the jest example, run as native ESM without a transform): no type information.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
)
