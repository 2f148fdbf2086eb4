/**
 * Credentials for the mock targets: any well-formed SigV4 signature is accepted there, and
 * static ones keep the SDK from looking for real credentials on the machine.
 */
export const CONTRACT_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
