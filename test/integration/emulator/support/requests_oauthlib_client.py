"""An independent client of the emulator: Debian's python3-requests-oauthlib completes the
3-legged flow (PIN) and reads the sample stream, then prints what it got as one JSON line.

Usage: /usr/bin/python3 requests_oauthlib_client.py BASE_URL CONSUMER_KEY CONSUMER_SECRET TWEETS
"""
import json
import re
import sys

import requests
from requests_oauthlib import OAuth1Session


def main() -> None:
    base, consumer_key, consumer_secret, wanted = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    oauth = OAuth1Session(consumer_key, client_secret=consumer_secret, callback_uri="oob")
    temporary = oauth.fetch_request_token(base + "/oauth/request_token")
    authorize_url = oauth.authorization_url(base + "/oauth/authorize")

    # The user: open the page, press "Authorize app" (post the page's own form), read the PIN.
    page = requests.get(authorize_url, timeout=10)
    page.raise_for_status()
    action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    fields["decision"] = "allow"
    pin_page = requests.post(base + action, data=fields, timeout=10)
    pin_page.raise_for_status()
    pin = re.search(r'<code id="oauth_pin">(\d+)</code>', pin_page.text).group(1)

    tokens = oauth.fetch_access_token(base + "/oauth/access_token", verifier=pin)
    user = OAuth1Session(
        consumer_key,
        client_secret=consumer_secret,
        resource_owner_key=tokens["oauth_token"],
        resource_owner_secret=tokens["oauth_token_secret"],
    )
    me = user.get(base + "/1.1/account/verify_credentials.json", timeout=10)
    me.raise_for_status()

    ids = []
    with user.get(base + "/1.1/statuses/sample.json", stream=True, timeout=10) as stream:
        stream.raise_for_status()
        for line in stream.iter_lines(delimiter=b"\r\n"):
            if not line:
                continue
            message = json.loads(line)
            if "id_str" in message:
                ids.append(message["id_str"])
            if len(ids) >= wanted:
                break

    print(json.dumps({
        "temporary_token": temporary["oauth_token"],
        "pin": pin,
        "access_token": tokens["oauth_token"],
        "screen_name": tokens["screen_name"],
        "verified_screen_name": me.json()["screen_name"],
        "tweet_ids": ids,
    }))


if __name__ == "__main__":
    main()
