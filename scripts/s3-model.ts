import { writeFileSync } from 'node:fs'
import { generateModel, OUTPUT } from './s3-model/generate.js'

/** Writes src/protocol/s3-rest-xml/model/shapes.ts from the installed @aws-sdk/client-s3. */
writeFileSync(OUTPUT, await generateModel())
