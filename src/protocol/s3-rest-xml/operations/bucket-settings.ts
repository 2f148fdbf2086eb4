import {
  getBucketAbac,
  getBucketAccelerateConfiguration,
  getBucketLogging,
  getBucketRequestPayment,
  putBucketAbac,
  putBucketAccelerateConfiguration,
  putBucketLogging,
  putBucketRequestPayment,
} from '../../../s3/operations/bucket-settings.js'
import type { LoggingEnabled } from '../../../s3/logging.js'
import { defineS3Operation } from '../define.js'
import { bucketOf, emptyResponse, xmlResponse } from '../http.js'
import { encodeStructure, readModelDocument } from '../model/codec.js'

/** `?accelerate`, `?requestPayment`, `?logging`, `?abac`: each Put answers 200 (API reference). */
export const bucketSettingOperations = {
  PutBucketAccelerateConfiguration: defineS3Operation({
    name: 'PutBucketAccelerateConfiguration',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['accelerate'] }],
    actions: ['s3:PutAccelerateConfiguration'],
    readOnly: false,
    run: putBucketAccelerateConfiguration,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      AccelerateConfiguration: await readModelDocument<{ Status?: string }>(
        req,
        'AccelerateConfiguration',
        'AccelerateConfiguration',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketAccelerateConfiguration: defineS3Operation({
    name: 'GetBucketAccelerateConfiguration',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['accelerate'] }],
    actions: ['s3:GetAccelerateConfiguration'],
    readOnly: true,
    run: getBucketAccelerateConfiguration,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse(
        'AccelerateConfiguration',
        encodeStructure('GetBucketAccelerateConfigurationOutput', out),
      ),
  }),
  PutBucketRequestPayment: defineS3Operation({
    name: 'PutBucketRequestPayment',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['requestPayment'] }],
    actions: ['s3:PutBucketRequestPayment'],
    readOnly: false,
    run: putBucketRequestPayment,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      RequestPaymentConfiguration: await readModelDocument<{ Payer: string }>(
        req,
        'RequestPaymentConfiguration',
        'RequestPaymentConfiguration',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketRequestPayment: defineS3Operation({
    name: 'GetBucketRequestPayment',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['requestPayment'] }],
    actions: ['s3:GetBucketRequestPayment'],
    readOnly: true,
    run: getBucketRequestPayment,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse(
        'RequestPaymentConfiguration',
        encodeStructure('GetBucketRequestPaymentOutput', out),
      ),
  }),
  PutBucketLogging: defineS3Operation({
    name: 'PutBucketLogging',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['logging'] }],
    actions: ['s3:PutBucketLogging'],
    readOnly: false,
    run: putBucketLogging,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      BucketLoggingStatus: await readModelDocument<{ LoggingEnabled?: LoggingEnabled }>(
        req,
        'BucketLoggingStatus',
        'BucketLoggingStatus',
      ),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketLogging: defineS3Operation({
    name: 'GetBucketLogging',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['logging'] }],
    actions: ['s3:GetBucketLogging'],
    readOnly: true,
    run: getBucketLogging,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) =>
      xmlResponse('BucketLoggingStatus', encodeStructure('GetBucketLoggingOutput', out)),
  }),
  PutBucketAbac: defineS3Operation({
    name: 'PutBucketAbac',
    resource: 'bucket',
    routes: [{ method: 'PUT', query: ['abac'] }],
    actions: ['s3:PutBucketAbac'],
    readOnly: false,
    run: putBucketAbac,
    decode: async (req) => ({
      Bucket: bucketOf(req),
      AbacStatus: await readModelDocument<{ Status?: string }>(req, 'AbacStatus', 'AbacStatus'),
    }),
    encode: () => emptyResponse(),
  }),
  GetBucketAbac: defineS3Operation({
    name: 'GetBucketAbac',
    resource: 'bucket',
    routes: [{ method: 'GET', query: ['abac'] }],
    actions: ['s3:GetBucketAbac'],
    readOnly: true,
    run: getBucketAbac,
    decode: (req) => ({ Bucket: bucketOf(req) }),
    encode: (out) => xmlResponse('AbacStatus', encodeStructure('AbacStatus', out)),
  }),
}
