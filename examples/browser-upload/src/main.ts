import { mountUploader } from './upload.js'

const app = document.querySelector<HTMLElement>('#app')
if (app !== null) mountUploader(app)
