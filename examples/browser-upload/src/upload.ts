/** A presigned POST form, as the back end's `/api/presign` answers it (createPresignedPost). */
export interface PresignedForm {
  url: string
  fields: Record<string, string>
}

/** Asks the back end for a form to upload a file of this name. */
async function presignFromApi(name: string): Promise<PresignedForm> {
  const response = await fetch(`/api/presign?name=${encodeURIComponent(name)}`)
  if (!response.ok) throw new Error(`presign failed: ${String(response.status)}`)
  return (await response.json()) as PresignedForm
}

/** Posts the file to S3 with the form's fields first, as S3 requires. */
export async function uploadFile(file: File, form: PresignedForm): Promise<void> {
  const body = new FormData()
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value)
  body.append('file', file)
  const response = await fetch(form.url, { method: 'POST', body })
  if (!response.ok) throw new Error(`upload failed: ${String(response.status)}`)
}

/** A file input that uploads what is chosen, and says how it went. */
export function mountUploader(root: HTMLElement, presign = presignFromApi): void {
  const input = document.createElement('input')
  input.type = 'file'
  input.setAttribute('aria-label', 'File to upload')
  const status = document.createElement('output')
  root.append(input, status)
  input.addEventListener('change', () => {
    const file = input.files?.[0]
    if (file === undefined) return
    status.textContent = `Uploading ${file.name}`
    presign(file.name)
      .then((form) => uploadFile(file, form))
      .then(
        () => {
          status.textContent = `Uploaded ${file.name}`
        },
        (error: unknown) => {
          status.textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`
        },
      )
  })
}
