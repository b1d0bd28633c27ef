"""Independent OAuth 1.0a oracle: Debian's python3-oauthlib (3.2.2).

Reads one JSON array of cases on stdin and writes one JSON array of results on stdout, so the
differential tests spawn Python once for a whole batch. For each case:

- "signature": oauthlib's signature.* functions over the request as it went on the wire
  (our Authorization header, the raw query and the raw form body): collected parameters,
  normalized string, base string URI, base string and signature.
- "client": oauthlib's own client, Client.sign, given the same inputs (nonce, timestamp,
  callback, verifier, realm), when the case asks for it: its Authorization header.
"""
import json
import sys
from urllib.parse import urlparse

from oauthlib.oauth1 import Client
from oauthlib.oauth1.rfc5849 import signature, utils


def sign(method, base, consumer_secret, token_secret, rsa_key):
    if method == 'HMAC-SHA1':
        return signature.sign_hmac_sha1(base, consumer_secret, token_secret)
    if method == 'HMAC-SHA256':
        return signature.sign_hmac_sha256(base, consumer_secret, token_secret)
    if method == 'PLAINTEXT':
        return signature.sign_plaintext(consumer_secret, token_secret)
    if method == 'RSA-SHA1':
        return signature.sign_rsa_sha1(base, rsa_key)
    raise ValueError('unknown method ' + method)


def by_signature_functions(case):
    query = urlparse(case['url']).query
    params = signature.collect_parameters(
        uri_query=query,
        body=case['body'] if case['body'] is not None else None,
        headers={'Authorization': case['authorization']},
        exclude_oauth_signature=True,
        with_realm=False,
    )
    normalized = signature.normalize_parameters(params)
    base_uri = signature.base_string_uri(case['url'])
    base = signature.signature_base_string(case['method'], base_uri, normalized)
    return {
        'normalizedParameters': normalized,
        'baseStringUri': base_uri,
        'baseString': base,
        'signature': sign(case['signatureMethod'], base, case['consumerSecret'],
                          case['tokenSecret'], case.get('rsaKey')),
    }


def by_client(case):
    client = Client(
        case['consumerKey'],
        client_secret=case['consumerSecret'],
        resource_owner_key=case.get('token'),
        resource_owner_secret=case.get('tokenSecret') if case.get('token') is not None else None,
        callback_uri=case.get('callback'),
        verifier=case.get('verifier'),
        signature_method=case['signatureMethod'],
        rsa_key=case.get('rsaKey'),
        realm=case.get('realm'),
        nonce=case['nonce'],
        timestamp=str(case['timestamp']),
    )
    headers = None
    if case['body'] is not None:
        headers = {'Content-Type': 'application/x-www-form-urlencoded'}
    _, signed_headers, _ = client.sign(case['url'], http_method=case['method'],
                                       body=case['body'], headers=headers)
    authorization = signed_headers['Authorization']
    parameters = dict(utils.parse_authorization_header(authorization))
    return {'authorization': authorization, 'signature': utils.unescape(parameters['oauth_signature'])}


def run(case):
    result = {}
    for name, function in (('signature', by_signature_functions), ('client', by_client)):
        if name == 'client' and not case.get('client'):
            continue
        try:
            result[name] = function(case)
        except Exception as error:  # report every oracle failure to the test, which decides
            result[name] = {'error': '%s: %s' % (type(error).__name__, error)}
    return result


json.dump([run(case) for case in json.load(sys.stdin)], sys.stdout)
