import {
  defineAuthorizationScenarios,
  scenarioPrincipals,
} from '../../support/authorization-scenarios.js'
import { kmsClient, useMockAws } from '../../support/kms.js'
import { s3Client } from '../../support/s3.js'

/** SPEC §5.7's decision paths and condition keys in-process (the same list runs against serve). */
const aws = useMockAws({ principals: scenarioPrincipals })

defineAuthorizationScenarios({
  world: () => aws,
  kms: (name) => kmsClient('us-east-1', { credentials: aws.as(name).credentials }),
  s3: (name) => s3Client('us-east-1', { credentials: aws.as(name).credentials }),
})
