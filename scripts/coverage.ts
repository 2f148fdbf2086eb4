import { writeFileSync } from 'node:fs'
import { coverage, renderCoverage } from './coverage/table.js'

/** Writes docs/coverage.md from the installed SDK clients and the operation tables. */
writeFileSync(new URL('../docs/coverage.md', import.meta.url), renderCoverage(coverage()))
