import type { KmsContext } from './context.js'
import {
  CustomKeyStoreInvalidStateException,
  CustomKeyStoreNotFoundException,
  UnsupportedOperationException,
} from './errors.js'
import type { CustomKeyStore } from './state.js'

/** Custom key store lookups shared by the store operations, CreateKey and GenerateRandom. */

/** The store with this id (`CustomKeyStoreNotFoundException` otherwise). */
export function customKeyStore(ctx: KmsContext, id: string): CustomKeyStore {
  const store = ctx.kms.customKeyStores.get(id)
  if (store === undefined) {
    throw new CustomKeyStoreNotFoundException(`Custom key store '${id}' does not exist.`)
  }
  return store
}

export function invalidStoreState(
  store: CustomKeyStore,
  operation: string,
): CustomKeyStoreInvalidStateException {
  return new CustomKeyStoreInvalidStateException(
    `Custom key store ${store.id} is ${store.connectionState}, which is not valid for ${operation}.`,
  )
}

/**
 * The store a CreateKey or GenerateRandom names, checked: it must exist, be CONNECTED, and (for
 * CreateKey) match the requested Origin.
 */
export function connectedStore(ctx: KmsContext, id: string, operation: string): CustomKeyStore {
  const store = customKeyStore(ctx, id)
  if (store.connectionState !== 'CONNECTED') throw invalidStoreState(store, operation)
  return store
}

/** GenerateRandom accepts CloudHSM key stores only (GenerateRandom API reference). */
export function assertRandomSource(ctx: KmsContext, id: string): void {
  const store = customKeyStore(ctx, id)
  if (store.type === 'EXTERNAL_KEY_STORE') {
    throw new UnsupportedOperationException(
      `${id} is an external key store, which is not valid for GenerateRandom.`,
    )
  }
  connectedStore(ctx, id, 'GenerateRandom')
}
