import {
  EntityTooLarge,
  MalformedPOSTRequest,
  MaxPostPreDataLengthExceeded,
} from '../../../s3/errors.js'

/** S3 refuses a POST form whose fields before the file pass 20 KB (errors.ts cites the answer). */
export const MAX_POST_PRE_DATA_BYTES = 20_480
/** A POST upload is at most 5 GB, as a PUT (POST Object API reference). */
export const MAX_POST_OBJECT_BYTES = 5 * 1024 ** 3
/** Room for the file part's own headers and the closing boundary around the file. */
const FRAMING_SLACK_BYTES = 4096

/** The file part's header line: `Content-Disposition: form-data; name="file"` (any case). */
const FILE_PART = /content-disposition:[ \t]*form-data[^\r\n]*;[ \t]*name="?file"?[ \t]*(?:;|\r|$)/i

/**
 * The body of a POST Object form, refused as S3 refuses it before the rest is read: fields
 * before the file over 20 KB are `MaxPostPreDataLengthExceeded`, a body larger than the largest
 * upload is `EntityTooLarge` (at once when Content-Length says so). What passes is parsed as
 * `multipart/form-data`; anything malformed is `MalformedPOSTRequest`.
 */
export async function readPostForm(request: Request): Promise<FormData> {
  const maxBody = MAX_POST_OBJECT_BYTES + MAX_POST_PRE_DATA_BYTES + FRAMING_SLACK_BYTES
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (request.body === null) throw new MalformedPOSTRequest()
  const reader = request.body.getReader()
  if (declared > maxBody) {
    await reader.cancel().catch(() => undefined)
    throw new EntityTooLarge(declared, MAX_POST_OBJECT_BYTES)
  }
  // Up to where the file part starts: latin1 keeps one character per byte, so the match's index
  // is the size of the fields before it.
  const head: Uint8Array[] = []
  let size = 0
  let fileStart: number | undefined
  let ended = false
  while (fileStart === undefined) {
    const { done, value } = await reader.read()
    if (done) {
      ended = true
      break
    }
    head.push(value)
    size += value.byteLength
    fileStart = FILE_PART.exec(Buffer.concat(head).toString('latin1'))?.index
    if (fileStart === undefined && size > MAX_POST_PRE_DATA_BYTES + FRAMING_SLACK_BYTES) break
  }
  // A form that ends without a file part is left to the parser (IncorrectNumberOfFiles…).
  if (fileStart === undefined ? !ended : fileStart > MAX_POST_PRE_DATA_BYTES) {
    await reader.cancel().catch(() => undefined)
    throw new MaxPostPreDataLengthExceeded(MAX_POST_PRE_DATA_BYTES)
  }
  // Read by the catch below after the parser gave up: an object, so the closure's writes count.
  const read = { total: size, tooLarge: false }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk)
      if (ended) controller.close()
    },
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) {
        controller.close()
        return
      }
      read.total += value.byteLength
      if (read.total > maxBody) {
        read.tooLarge = true
        await reader.cancel().catch(() => undefined)
        controller.error(new Error('POST body over the cap'))
        return
      }
      controller.enqueue(value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  try {
    const contentType = request.headers.get('content-type') ?? ''
    return await new Response(body, { headers: { 'content-type': contentType } }).formData()
  } catch {
    if (read.tooLarge) throw new EntityTooLarge(read.total, MAX_POST_OBJECT_BYTES)
    throw new MalformedPOSTRequest()
  }
}
