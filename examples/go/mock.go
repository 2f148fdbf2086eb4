package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// mockControl reads the mock's view through its control endpoints (docs/server-mode.md), as an
// in-process suite reads world.audit.events() and world.s3.object().describe().
type mockControl struct {
	endpoint string
	client   aws.HTTPClient // the SDK's own client: it already trusts AWS_CA_BUNDLE
}

// storedObject is how the mock stored an object: never its bytes or keys.
type storedObject struct {
	Size       int64  `json:"size"`
	ETag       string `json:"eTag"`
	Parts      *int   `json:"parts"`
	Encryption struct {
		Type              string            `json:"type"` // SSE-S3, SSE-KMS or SSE-C
		KeyArn            string            `json:"keyArn"`
		EncryptionContext map[string]string `json:"encryptionContext"`
		KeyMd5            string            `json:"keyMd5"`
	} `json:"encryption"`
}

// auditEvent is the part of a CloudTrail-shaped event these checks read.
type auditEvent struct {
	EventName    string `json:"eventName"`
	ErrorCode    string `json:"errorCode"`
	UserIdentity struct {
		InvokedBy string `json:"invokedBy"`
	} `json:"userIdentity"`
	RequestParameters struct {
		EncryptionContext map[string]string `json:"encryptionContext"`
	} `json:"requestParameters"`
}

func (m mockControl) call(method, path string, query url.Values, out any) int {
	req, err := http.NewRequest(method, m.endpoint+"/_s3-kms-mock/"+path+"?"+query.Encode(), nil)
	must(req, err)
	req.Header.Set("x-s3-kms-mock-control", "1")
	res := must(m.client.Do(req))
	defer res.Body.Close()
	body := must(io.ReadAll(res.Body))
	if res.StatusCode == http.StatusOK && out != nil {
		must(0, json.Unmarshal(body, out))
	}
	return res.StatusCode
}

// reset empties the mock and loads its --fixture again: each run starts from the same world.
func (m mockControl) reset() {
	equal("POST /_s3-kms-mock/reset", m.call(http.MethodPost, "reset", nil, nil), http.StatusOK)
}

func (m mockControl) object(bucket, key string) storedObject {
	var described storedObject
	status := m.call(http.MethodGet, "object", url.Values{"bucket": {bucket}, "key": {key}}, &described)
	equal("GET /_s3-kms-mock/object "+key, status, http.StatusOK)
	return described
}

// audit returns the events whose fields match filter, e.g. {"eventName": {"Decrypt"}}.
func (m mockControl) audit(filter url.Values) []auditEvent {
	var reply struct {
		Events []auditEvent `json:"events"`
	}
	equal("GET /_s3-kms-mock/audit", m.call(http.MethodGet, "audit", filter, &reply), http.StatusOK)
	return reply.Events
}

// must stops the run on the first error.
func must[T any](value T, err error) T {
	if err != nil {
		fail("%v", err)
	}
	return value
}

func equal[T comparable](what string, got, want T) {
	if got != want {
		fail("%s: got %v, want %v", what, got, want)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL "+format+"\n", args...)
	os.Exit(1)
}
