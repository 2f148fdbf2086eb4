# frozen_string_literal: true

require 'json'
require 'net/http'
require 'uri'

# Reads the mock's view through its control endpoints (docs/server-mode.md), as an in-process
# suite reads world.audit.events() and world.s3.object().describe().
class MockControl
  HEADER = { 'x-s3-kms-mock-control' => '1' }.freeze

  def initialize(endpoint, ca_file: ENV.fetch('AWS_CA_BUNDLE', nil))
    @endpoint = URI(endpoint)
    @ca_file = ca_file
  end

  # Empties the mock and loads its --fixture again: each run starts from the same world.
  def reset
    call(Net::HTTP::Post, 'reset')
  end

  # How the object is stored: size, ETag, parts, and "encryption" (type, keyArn,
  # encryptionContext or keyMd5). Never its bytes or keys.
  def object(bucket, key)
    call(Net::HTTP::Get, 'object', bucket: bucket, key: key)
  end

  # CloudTrail-shaped events whose fields match the filter, e.g. eventName: 'Decrypt';
  # dotted names reach inside: 'userIdentity.invokedBy' => 's3.amazonaws.com'.
  def audit(**filter)
    call(Net::HTTP::Get, 'audit', **filter).fetch('events')
  end

  private

  def call(method, path, **query)
    uri = @endpoint.dup
    uri.path = "/_s3-kms-mock/#{path}"
    uri.query = URI.encode_www_form(query) unless query.empty?
    http = Net::HTTP.new(uri.host, uri.port)
    http.use_ssl = uri.scheme == 'https'
    http.ca_file = @ca_file if http.use_ssl?
    response = http.request(method.new(uri, HEADER))
    raise "#{method::METHOD} #{uri}: #{response.code} #{response.body}" unless response.code == '200'

    JSON.parse(response.body)
  end
end
