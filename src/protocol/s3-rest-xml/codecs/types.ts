/** Input and output of each operation in a domain table, for typing codecs against it. */
export type S3OperationShapes<T> = {
  [K in keyof T]: T[K] extends (input: infer I, ...rest: never[]) => infer O
    ? { input: I; output: Awaited<O> }
    : never
}
