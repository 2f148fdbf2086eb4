import { workerCheck } from './worker-check.js'

workerCheck('b', 'a')
