import type { S3Context } from '../context.js'

/** One S3 operation: AWS-shaped input in, AWS-shaped output out, or an AwsError thrown. */
export type S3Operation<I, O> = (input: I, ctx: S3Context) => O | Promise<O>
