import { S3Error } from './errors.js'

/**
 * Errors of the object annotation operations, one class per code (DESIGN §4). Codes and statuses
 * are the service model's (@aws-sdk/client-s3 3.1169 schemas); the texts are the model's
 * descriptions of each error, _uncaptured_ on the wire (docs/fidelity.md, `s3-annotation-texts`).
 */

/** 404: GetObjectAnnotation of a name the version does not have. */
export class NoSuchAnnotation extends S3Error {
  readonly code = 'NoSuchAnnotation'
  readonly status = 404
  constructor(name: string) {
    super('The specified annotation does not exist on this object.', { AnnotationName: name })
  }
}

/** 400: a name over 512 bytes of UTF-8 ("Annotation limits", user guide). */
export class AnnotationNameTooLong extends S3Error {
  readonly code = 'AnnotationNameTooLong'
  readonly status = 400
  constructor(name: string) {
    super('The annotation name exceeds 512 bytes.', { AnnotationName: name })
  }
}

/** 400: a name outside the naming rules ("Annotation naming rules", user guide). */
export class InvalidAnnotationName extends S3Error {
  readonly code = 'InvalidAnnotationName'
  readonly status = 400
  constructor(name: string) {
    super('The annotation name you provided is invalid.', { AnnotationName: name })
  }
}

/** 400: a 1,001st annotation on one object version. */
export class AnnotationLimitExceeded extends S3Error {
  readonly code = 'AnnotationLimitExceeded'
  readonly status = 400
  constructor() {
    super('The request would exceed the maximum number of annotations allowed per object.')
  }
}

/** 415: a payload that is not UTF-8 (PutObjectAnnotation API reference, AnnotationPayload). */
export class UnsupportedMediaType extends S3Error {
  readonly code = 'UnsupportedMediaType'
  readonly status = 415
  constructor() {
    super('The annotation payload is not valid UTF-8 encoded text.')
  }
}

/** 400: ListObjectAnnotations with a prefix no annotation name could start with. */
export class InvalidPrefix extends S3Error {
  readonly code = 'InvalidPrefix'
  readonly status = 400
  constructor(prefix: string) {
    super('The annotation prefix you provided is invalid.', { AnnotationPrefix: prefix })
  }
}
