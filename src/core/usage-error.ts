/**
 * The test author misused the library: bad options, a bad world file, a reference to a bucket
 * that does not exist. Never sent on the wire. Messages follow
 * `Failed to <verb> <thing>: <reason>. <what to do>`.
 * @public
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
