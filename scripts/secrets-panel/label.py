#!/usr/bin/env python3
"""Apply the hand labels to merged findings and write labels.csv.

Usage: merge.py > /tmp/merged.jsonl; label.py /tmp/merged.jsonl > labels.csv
Each rule below was written after reading the lines it matches (repo, path regex, regex on
the source line, label, reason); the first rule that matches wins. Rules match the line in
memory only: no secret is written anywhere, the CSV holds Principal's fingerprint (or
gitleaks' path:rule:line) and never the value. Unmatched rows come out as UNLABELED.
"""
import csv, json, re, subprocess, sys

R = [
 # --- Alamofire (Swift) -------------------------------------------------------------
 ("Alamofire", r"AdvancedUsage\.md$", r'OAuthCredential\(accessToken: "a0"', "docs-example", "Markdown example OAuthCredential with dummy tokens a0/r0"),
 ("Alamofire", r"\.md$", r"credential", "not-a-secret", "identifier: `credential` bound to a type/constructor (URLCredential/OAuthCredential) in Markdown docs code"),
 ("Alamofire", r"\.html$|search\.json$", r"", "not-a-secret", "generated API docs (jazzy HTML/search index): anchor names and type identifiers"),
 ("Alamofire", r"\.swift$", r"[Cc]redential", "not-a-secret", "Swift identifier/type (credential: URLCredential / NSURLCredential), no literal value"),
 # --- monolog (PHP) ------------------------------------------------------------------
 ("monolog", r"SlackWebhookHandlerTest\.php$", r"hooks\.slack\.com", "test-key", "real-format Slack webhook URL constant in a unit test (fixture)"),
 ("monolog", r"RollbarHandlerTest\.php$", r"access_token", "test-key", "32-hex Rollbar-format access token in a unit test config"),
 ("monolog", r"(Pushover|Slack)HandlerTest\.php$", r"token=", "placeholder", "regex assertion with dummy token=myToken in a test"),
 # --- okhttp (Kotlin/Java) -------------------------------------------------------------
 ("okhttp", r"(?i)(changelog|README|\.md$)", r"BEGIN (RSA )?PRIVATE KEY", "docs-example", "PEM private-key example in Markdown/changelog code block"),
 ("okhttp", r"HeldCertificate\.(kt|java)$", r"BEGIN (RSA )?PRIVATE KEY", "not-a-secret", "PEM header string constant (or KDoc) in code that encodes keys; no key body"),
 ("okhttp", r"HeldCertificate\.(kt|java)$", r"Public Key:", "not-a-secret", "KDoc listing a hex public key (not secret)"),
 ("okhttp", r"HeldCertificateTest\.(kt|java)$", r"BEGIN (RSA )?PRIVATE KEY", "test-key", "PEM private key with body as expected value in a test"),
 ("okhttp", r"RecordingAuthenticator|URLConnectionTest", r"BASE_64_CREDENTIALS", "test-key", "base64 of username:password test credential in tests"),
 ("okhttp", r"RequestBodyCompression\.java$", r"GOOGLE_API_KEY", "real", "real-format Google API key (AIza…) hard-coded in a sample recipe that calls a Google API"),
 ("okhttp", r"SlackClient\.java$", r"xoxp-XXXX", "placeholder", "xoxp-XXXXX… placeholder Slack token in sample"),
 ("okhttp", r"HttpLoggingInterceptorTest\.kt$", r"password=", "placeholder", "form body with dummy password in a logging test"),
 ("okhttp", r"releasing\.md$", r"signing\.", "placeholder", "release docs: signing.secretKeyRingFile=<path> style placeholder"),
 ("okhttp", r"WiresharkExample\.kt$", r"masterSecret", "not-a-secret", "identifier: masterSecretHex = session.masterSecret… expression"),
 # --- parse-server (JS) -------------------------------------------------------------
 ("parse-server", r"ci\.yml$|CONTRIBUTING\.md$|package\.json$", r"postgres://postgres:(postgres|password)@localhost", "placeholder", "test database URL on localhost with default password (postgres/password)"),
 ("parse-server", r"README\.md$", r"mongodb://(user:pass|fake:fake)@", "docs-example", "README example connection string user:pass@host / fake:fake"),
 ("parse-server", r"README\.md$", r"^\s*$", "docs-example", "README example connection string (mongodb://fake:fake@… at that commit); line number points at a blank line"),
 ("parse-server", r"README\.md$", r"http://yourapp", "not-a-secret", "README: URL option (passwordResetSuccess/choosePassword pages), not a credential"),
 ("parse-server", r"^src/.*|resources/", r"TOKEN_ISSUER|PasswordPolicy|GCMRegistration|GCM\.|tokeninfo\?access_token=\"\s*\+|PARSE_SERVER_", "not-a-secret", "identifier/URL constant in source (token issuer URL, type name, env var name)"),
 ("parse-server", r"^src/oauth/google\.js$", r"", "not-a-secret", "string concatenation building a tokeninfo URL: no literal secret"),
 ("parse-server", r"support/cert/key\.pem$", r"", "test-key", "RSA private key PEM file under spec/support/cert (test TLS fixture)"),
 ("parse-server", r"^spec/", r"mongodb://|postgres://", "placeholder", "test database URL with dummy credentials (user/password/test:testpass/fake:fake)"),
 ("parse-server", r"^spec/", r"oauth_signature|deviceToken", "test-key", "OAuth1 signature / APNs device token fixture value in a test"),
 ("parse-server", r"^spec/", r"client_secret=|password=|token=", "placeholder", "test request body/URL with dummy password/token (user1, short digit strings, ${token}, invalid)"),
 ("parse-server", r"^spec/index\.spec\.js$", r"javascriptKey", "not-a-secret", "line mismatch: the blob's line holds javascriptKey: 'test'"),
 # --- luigi (Python) ---------------------------------------------------------------
 ("luigi", r"RELEASE-PROCESS\.rst$", r"", "placeholder", "RST release doc: UV_PUBLISH_TOKEN=\"LUIGI_PYPI_TOKEN…\" placeholder"),
 ("luigi", r"notifications_test\.py$", r"apikey\": \"456a", "placeholder", "dummy SendGrid apikey (456a…, short hex-ish counting pattern) in a test"),
 ("luigi", r"range_test\.py$", r"some-", "placeholder", "secret = \"some…\" (words: a value to soothe linters) dummy in a test"),
 ("luigi", r"\.travis\.yml$", r"GOOGLE_APPLICATION_CREDENTIALS=", "not-a-secret", "env var set to a file path (test/gcloud-credentials.json)"),
 ("luigi", r"dataproc\.py$", r"credentials=", "not-a-secret", "identifier: credentials=GoogleCredentials… call, no literal"),
 ("luigi", r"tox\.ini$", r"AZURITE_ACCOUNT_KEY", "test-key", "well-known public Azurite storage-emulator account key in test config"),
 # --- gogs (Go) ---------------------------------------------------------------------
 ("gogs", r"routers/user/social.*\.go$|^web\.go$", r"ClientSecret:", "real", "hard-coded OAuth client secret literal (GitHub/Google/QQ app) in 2014 source; looks usable when committed"),
 ("gogs", r"deploy\.sh$", r"MYSQL_PASSWORD=|DB_PASSWORD=", "real", "concrete database password in a deployment script (not a placeholder word)"),
 ("gogs", r"conf/app\.ini$", r"CHANGE-ME", "placeholder", "SECRET_KEY = CHANGE-ME-… default in sample config"),
 ("gogs", r"conf/app\.ini$", r"TOKEN_URL", "not-a-secret", "OAuth provider token endpoint URL"),
 ("gogs", r"\.ini$|\.ftl$|locales/.*\.json$", r"", "not-a-secret", "translated UI string in a locale file (key name contains password/token)"),
 ("gogs", r"testdata/keys\.go$", r"PRIVATE KEY", "test-key", "SSH test keys (PEM with body) in testdata (copied x/crypto testdata)"),
 ("gogs", r"db_test\.go$", r"postgres://", "placeholder", "expected DSN in a unit test with dummy credentials"),
 ("gogs", r"vendor/.*README\.md$", r"sqlserver://", "docs-example", "vendored driver README example connection strings (username=sa, password=mypass)"),
 ("gogs", r"go\.sum$", r"", "not-a-secret", "go.sum module hash (h1:…)"),
 ("gogs", r"_gen\.go$", r"", "not-a-secret", "generated asset map: template path → function identifier"),
 ("gogs", r"public/(js|plugins)/", r"", "not-a-secret", "vendored front-end library code: identifier/expression"),
 ("gogs", r"social_qq\.go$", r"TokenURL|access_token", "not-a-secret", "OAuth endpoint URL / comment with query-parameter names"),
 ("gogs", r"oauth2\.go$", r"TokenUrl", "not-a-secret", "OAuth provider token endpoint URL"),
 ("gogs", r"\.go$", r"", "not-a-secret", "Go identifier/expression or template path constant (no literal secret)"),
 # --- devise (Ruby) ------------------------------------------------------------------
 ("devise", r"^test/rails_app/config/", r"secret|cookie", "test-key", "secret_token/secret_key_base/session secret of the test Rails dummy app"),
 ("devise", r"^test/rails_app/log/test\.log$", r"", "test-key", "one-time perishable/reset tokens in a committed test log"),
 ("devise", r"encryptors_test\.rb$", r"", "not-a-secret", "expected password-hash digests in an encryptor test"),
 ("devise", r"lib/devise/authenticable\.rb$", r"SECURE_AUTH_SITE_KEY", "real", "hard-coded 40-hex site key (pepper) constant in library source (2009)"),
 ("devise", r"passwords_controller_test\.rb$", r"\"1234", "placeholder", "dummy numeric password 1234… in a test"),
 ("devise", r"http_authenticatable_test\.rb$", r"token_cont", "placeholder", "descriptive dummy token string in a test"),
 ("devise", r"", r"", "not-a-secret", "Ruby/ERB identifier or method call (token = user.confirmation_token, @resource.x, path)"),
 # --- requests (Python) ---------------------------------------------------------------
 ("requests", r"^tests/certs/", r"PRIVATE KEY", "test-key", "TLS private key of the tests/certs fixture CA/server/client"),
 ("requests", r"docs/_templates/", r"apiKey", "not-a-secret", "Algolia DocSearch public search-only apiKey in a docs template (meant to be public)"),
 ("requests", r"packages/oauthlib/", r"", "docs-example", "vendored oauthlib docstring: RFC 5849/6749 example values"),
]

def main():
    rows = [json.loads(l) for l in open(sys.argv[1])]
    cache = {}
    def line_of(r):
        c = "HEAD" if r["scope"] == "tree" or r["line_from"] == "head" else r["finding_commit"]
        k = (r["repo"], c, r["path"])
        if k not in cache:
            cache[k] = subprocess.run(["git", "-C", f"/tmp/secrets/{r['repo']}", "show", f"{c}:{r['path']}"],
                                      capture_output=True).stdout.decode("utf-8", "replace").splitlines()
        ls = cache[k]
        return ls[r["line"] - 1] if 0 < r["line"] <= len(ls) else ""
    w = csv.writer(sys.stdout)
    w.writerow(["repo", "commit", "scope", "tool", "rule", "path", "line", "fingerprint", "label", "reason"])
    for r in rows:
        text = line_of(r)
        lab, why = "UNLABELED", ""
        for repo, pr, lr, l, reason in R:
            if repo == r["repo"] and re.search(pr, r["path"]) and re.search(lr, text):
                lab, why = l, reason
                break
        if r["scope"] == "history":
            if r["line_from"] == "head":
                why += "; Principal's line is HEAD's, not the reported commit's"
            elif r["line_from"] == "none":
                why += "; Principal's line number matches neither the commit's blob nor HEAD's"
            if r["tool"] != "gitleaks" and r["present"] is False:
                why += "; no longer present"
        w.writerow([r["repo"], r["commit"], r["scope"], r["tool"], r["rule"], r["path"], r["line"],
                    r["fingerprint"], lab, why])

main()
