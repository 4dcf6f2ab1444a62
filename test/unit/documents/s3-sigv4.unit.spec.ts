import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requestTarget } from '../../../src/documents/blobs/s3/s3-object-client';
import { EMPTY_PAYLOAD_SHA256, signRequest, uriEncode } from '../../../src/documents/blobs/s3/sigv4';
import { objectContaining } from '../../support/matchers';
import { checkSignature } from '../../support/s3-fake/signature-check';

/**
 * AWS's published examples for S3 SigV4 with the Authorization header and a signed payload:
 * Amazon S3 API Reference, "Signature Calculations for the Authorization Header: Transferring
 * Payload in a Single Chunk", section "Examples: Signature Calculations"
 * (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html). The credentials,
 * time, requests, canonical-request hashes and signatures below are AWS's, not computed here.
 */
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
};
const at = new Date('2013-05-24T00:00:00Z');
const host = 'examplebucket.s3.amazonaws.com';
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('SigV4 against AWS’s published S3 examples', () => {
  it('GET Object (the first 10 bytes of test.txt): canonical request, its hash and the signature', () => {
    const signed = signRequest(
      { method: 'GET', host, path: '/test.txt', headers: { Range: 'bytes=0-9' }, payloadSha256: EMPTY_PAYLOAD_SHA256 },
      credentials,
      at,
    );
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        'x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe('7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972');
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(signed.headers).toMatchObject({ range: 'bytes=0-9', 'x-amz-date': '20130524T000000Z' });
  });

  it('PUT Object (test$file.text, "Welcome to Amazon S3."): the key is encoded once, extra headers are signed', () => {
    const body = 'Welcome to Amazon S3.';
    expect(sha256Hex(body)).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signRequest(
      {
        method: 'PUT',
        host,
        path: '/test$file.text',
        headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
        payloadSha256: sha256Hex(body),
      },
      credentials,
      at,
    );
    expect(signed.pathAndQuery).toBe('/test%24file.text');
    expect(sha256Hex(signed.canonicalRequest)).toBe('9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d');
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    );
  });

  it('GET Bucket Lifecycle (?lifecycle): a query parameter without a value', () => {
    const signed = signRequest(
      { method: 'GET', host, path: '/', query: { lifecycle: '' }, payloadSha256: EMPTY_PAYLOAD_SHA256 },
      credentials,
      at,
    );
    expect(signed.pathAndQuery).toBe('/?lifecycle=');
    expect(signed.signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('Get Bucket, List Objects (?max-keys=2&prefix=J): query parameters in canonical order', () => {
    const signed = signRequest(
      { method: 'GET', host, path: '/', query: { prefix: 'J', 'max-keys': '2' }, payloadSha256: EMPTY_PAYLOAD_SHA256 },
      credentials,
      at,
    );
    expect(signed.pathAndQuery).toBe('/?max-keys=2&prefix=J');
    expect(signed.signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });
});

describe('what the signer sends', () => {
  it('leaves Host to fetch (it is signed, and fetch sends the URL’s host) and never sends the secret', () => {
    const signed = signRequest(
      { method: 'HEAD', host: '127.0.0.1:9000', path: '/bucket/sha256/ab', payloadSha256: EMPTY_PAYLOAD_SHA256 },
      credentials,
      at,
    );
    expect(signed.headers.host).toBeUndefined();
    expect(signed.canonicalRequest).toContain('host:127.0.0.1:9000\n');
    expect(JSON.stringify(signed.headers)).not.toContain(credentials.secretAccessKey);
  });

  it('percent-encodes all but RFC 3986’s unreserved characters, in upper-case hex', () => {
    expect(uriEncode("a-_.~ b!'()*$/é")).toBe('a-_.~%20b%21%27%28%29%2A%24%2F%C3%A9');
  });
});

describe('where a call goes', () => {
  const endpoint = new URL('https://s3.eu-west-1.amazonaws.com');

  it('puts the bucket in the host name by default (virtual-hosted style, as AWS wants)', () => {
    expect(requestTarget({ endpoint, bucket: 'docs', forcePathStyle: false }, 'sha256/ab')).toEqual({
      host: 'docs.s3.eu-west-1.amazonaws.com',
      path: '/sha256/ab',
    });
    expect(requestTarget({ endpoint, bucket: 'docs', forcePathStyle: false })).toEqual({
      host: 'docs.s3.eu-west-1.amazonaws.com',
      path: '/',
    });
  });

  it('puts it in the path with S3_FORCE_PATH_STYLE (MinIO), keeping the port', () => {
    const minio = new URL('http://minio:9000');
    expect(requestTarget({ endpoint: minio, bucket: 'docs', forcePathStyle: true }, 'sha256/ab')).toEqual({
      host: 'minio:9000',
      path: '/docs/sha256/ab',
    });
  });
});

describe('the test S3 fake’s own signature check, on AWS’s examples', () => {
  const secrets = new Map([[credentials.accessKeyId, credentials.secretAccessKey]]);
  const getExample = {
    method: 'GET',
    url: '/test.txt',
    headers: {
      host,
      range: 'bytes=0-9',
      'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256,
      'x-amz-date': '20130524T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    },
  };

  it('accepts the GET Object and PUT Object examples as they arrive on the wire', () => {
    expect(checkSignature(getExample, secrets, 'us-east-1')).toEqual({ accepted: true });
    const putExample = {
      method: 'PUT',
      url: '/test%24file.text',
      headers: {
        host,
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
        'x-amz-date': '20130524T000000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
      },
    };
    expect(checkSignature(putExample, secrets, 'us-east-1')).toEqual({ accepted: true });
  });

  it('refuses the example once a signed header, the path, the key or the region differs', () => {
    const refusedWith = (code: string) => objectContaining({ accepted: false, code });
    const changedRange = { ...getExample, headers: { ...getExample.headers, range: 'bytes=0-10' } };
    expect(checkSignature(changedRange, secrets, 'us-east-1')).toEqual(refusedWith('SignatureDoesNotMatch'));
    expect(checkSignature({ ...getExample, url: '/test.tx' }, secrets, 'us-east-1')).toEqual(
      refusedWith('SignatureDoesNotMatch'),
    );
    const otherSecret = new Map([[credentials.accessKeyId, 'another-secret']]);
    expect(checkSignature(getExample, otherSecret, 'us-east-1')).toEqual(refusedWith('SignatureDoesNotMatch'));
    expect(checkSignature(getExample, new Map(), 'us-east-1')).toEqual(refusedWith('InvalidAccessKeyId'));
    expect(checkSignature(getExample, secrets, 'eu-west-1')).toEqual(refusedWith('AuthorizationHeaderMalformed'));
  });
});
