import { getObjectTorrent } from '../../../s3/operations/torrent.js'
import { defineS3Operation } from '../define.js'
import { objectTarget } from '../http.js'

/** `GET /{Key+}?torrent`: the object's .torrent (bencoded metainfo). */
export const torrentOperations = {
  GetObjectTorrent: defineS3Operation({
    name: 'GetObjectTorrent',
    resource: 'object',
    routes: [{ method: 'GET', query: ['torrent'] }],
    actions: [{ plain: 's3:GetObjectTorrent', version: 's3:GetObjectVersionTorrent' }],
    readOnly: true,
    run: getObjectTorrent,
    decode: objectTarget,
    // As S3 documented its answer: `application/x-bittorrent`, an attachment named `<name>.torrent`.
    encode: (out) =>
      new Response(new Uint8Array(out.Body), {
        status: 200,
        headers: {
          'content-type': 'application/x-bittorrent',
          'content-length': String(out.Body.length),
          'content-disposition': `attachment; filename="${out.Name.replace(/["\\\r\n]/g, '_')}.torrent"`,
        },
      }),
  }),
}
