import { workerCheck } from './worker-check.js'

workerCheck('a', 'b')
