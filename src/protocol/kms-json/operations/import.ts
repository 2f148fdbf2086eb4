import {
  deleteImportedKeyMaterial,
  getParametersForImport,
  importKeyMaterial,
} from '../../../kms/operations/import.js'
import { defineKmsOperation } from '../define.js'
import { keyId } from './members.js'

// CiphertextType and BackingKeyIdType (a 64-character material id) of kms/2014-11-01.
const ciphertext = { type: 'blob', required: true, min: 1, max: 6144 } as const
const keyMaterialId = { type: 'string', min: 64, max: 64 } as const

export const importOperations = {
  GetParametersForImport: defineKmsOperation({
    name: 'GetParametersForImport',
    readOnly: false,
    run: getParametersForImport,
    members: {
      KeyId: keyId,
      WrappingAlgorithm: {
        type: 'string',
        required: true,
        enum: [
          'RSAES_PKCS1_V1_5',
          'RSAES_OAEP_SHA_1',
          'RSAES_OAEP_SHA_256',
          'RSA_AES_KEY_WRAP_SHA_1',
          'RSA_AES_KEY_WRAP_SHA_256',
          'SM2PKE',
        ],
      },
      WrappingKeySpec: {
        type: 'string',
        required: true,
        enum: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'],
      },
    },
  }),
  ImportKeyMaterial: defineKmsOperation({
    name: 'ImportKeyMaterial',
    readOnly: false,
    run: importKeyMaterial,
    members: {
      KeyId: keyId,
      ImportToken: ciphertext,
      EncryptedKeyMaterial: ciphertext,
      ValidTo: { type: 'timestamp' },
      ExpirationModel: {
        type: 'string',
        enum: ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'],
      },
      ImportType: { type: 'string', enum: ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] },
      KeyMaterialDescription: { type: 'string', min: 0, max: 256 },
      KeyMaterialId: keyMaterialId,
    },
  }),
  DeleteImportedKeyMaterial: defineKmsOperation({
    name: 'DeleteImportedKeyMaterial',
    readOnly: false,
    run: deleteImportedKeyMaterial,
    members: { KeyId: keyId, KeyMaterialId: keyMaterialId },
  }),
}
