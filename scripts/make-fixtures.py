#!/usr/bin/env python3
"""Write the scenario fixtures under tests/fixtures/scenarios/ from the table below.

Tokens and JWKS are left for the Rust test harness to mint (`UPDATE_FIXTURES=1 cargo test
--test scenarios`), because its signatures are deterministic. Run this only to add or reshape
fixtures; the committed JSON files are the source of truth for tests.
"""
import base64, copy, json, pathlib, urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "scenarios"
NOW = 1795341600  # 2026-11-22T10:00:00Z
ACCOUNT = "123456789012"
GH = "token.actions.githubusercontent.com"
GH_ISS = f"https://{GH}"
GH_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{GH}"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/deploy"

def gh_claims(**overrides):
    iat = NOW - 60
    claims = {
        "jti": "6f1c6c6e-2f0a-4b8e-9a51-1f3e7c2d9b10",
        "sub": "repo:octo-org/octo-repo:ref:refs/heads/main",
        "aud": "sts.amazonaws.com",
        "ref": "refs/heads/main", "sha": "d6fde92930d4715a2b49857d24b940956b26d2d3",
        "repository": "octo-org/octo-repo", "repository_owner": "octo-org",
        "repository_owner_id": "65", "repository_id": "74", "repository_visibility": "private",
        "actor_id": "12", "actor": "octocat", "run_id": "1234567890", "run_number": "42",
        "run_attempt": "1", "runner_environment": "github-hosted", "workflow": "deploy",
        "head_ref": "", "base_ref": "", "event_name": "push", "ref_type": "branch",
        "workflow_ref": "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main",
        "workflow_sha": "d6fde92930d4715a2b49857d24b940956b26d2d3",
        "job_workflow_ref": "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main",
        "job_workflow_sha": "d6fde92930d4715a2b49857d24b940956b26d2d3",
        "iss": GH_ISS, "nbf": iat - 600, "exp": iat + 300, "iat": iat,
    }
    for k, v in overrides.items():
        if v is None:
            claims.pop(k, None)
        else:
            claims[k] = v
    return claims

def statement(conditions, effect="Allow", principal=None, action="sts:AssumeRoleWithWebIdentity", sid=None):
    s = {}
    if sid:
        s["Sid"] = sid
    s["Effect"] = effect
    s["Principal"] = principal if principal is not None else {"Federated": GH_ARN}
    s["Action"] = action
    if conditions is not None:
        s["Condition"] = conditions
    return s

GH_CONDITIONS = {
    "StringEquals": {f"{GH}:aud": "sts.amazonaws.com"},
    "StringLike": {f"{GH}:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"},
}

def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}

def gh(name, description, expect, claims=None, conditions=GH_CONDITIONS, statements=None,
       key="rsa-a", alg=None, header=None, jwks=("rsa-a",), now=NOW, tweak=None, tamper=None):
    """A GitHub Actions scenario; `tweak(doc)` edits the document afterwards."""
    claims = claims if claims is not None else gh_claims()
    mint = {"key": key, "claims": claims}
    if alg:
        mint["alg"] = alg
    if header:
        mint["header"] = header
    if jwks is not None:
        mint["jwks"] = list(jwks)
    if tamper:
        mint["tamper_claims"] = tamper
    doc = {
        "name": name, "description": description,
        "now": rfc3339(now), "account": ACCOUNT,
        "providers": [{"Url": GH, "ClientIDList": ["sts.amazonaws.com"],
                       "ThumbprintList": ["6938fd4d98bab03faadb97b34396831e3780aea1",
                                          "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]}],
        "roles": [{"RoleName": "deploy", "Path": "/", "RoleId": "AROAQXXB7EXAMPLE6ZQ4X",
                   "MaxSessionDuration": 3600,
                   "AssumeRolePolicyDocument": policy(*(statements or [statement(conditions, sid="GitHubDeploy")]))}],
        "idps": {claims.get("iss", GH_ISS) if isinstance(claims.get("iss"), str) else GH_ISS: {"jwks": None}},
        "request": {"RoleArn": ROLE_ARN, "RoleSessionName": "gha-deploy", "WebIdentityToken": "",
                    "DurationSeconds": 3600},
        "mint": mint,
        "expect": expect,
    }
    if tweak:
        tweak(doc)
    return doc

def rfc3339(epoch):
    import datetime
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

ACCEPT = {"outcome": "accepted", "failed_step": None}
def reject(step, code, message=None, **more):
    e = {"outcome": "rejected", "failed_step": step, "code": code}
    if message:
        e["message"] = message
    e.update(more)
    return e

DENIED = "Not authorized to perform sts:AssumeRoleWithWebIdentity"
KEYMSG = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"
NOTJWT = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"

fixtures = {}
def add(path, doc):
    fixtures[path] = doc

# ---- presets / examples -------------------------------------------------------------------
add("presets/github-actions-main.json", gh(
    "GitHub Actions: deploy from main is accepted",
    "A workflow on main in octo-org/octo-repo asks for the deploy role. The provider, thumbprints, audience and a branch-pinned trust policy all line up, so STS returns credentials.",
    dict(ACCEPT, result={"SubjectFromWebIdentityToken": "repo:octo-org/octo-repo:ref:refs/heads/main",
                         "Provider": GH_ARN, "Audience": "sts.amazonaws.com"})))
add("presets/github-pull-request-rejected.json", gh(
    "GitHub Actions: a pull request is refused by a branch-pinned policy",
    "Pull-request runs get the subject `repo:ORG/REPO:pull_request`, which a policy pinned to refs/heads/main does not match.",
    reject("trust_policy", "AccessDenied", DENIED, checks={"trust_policy.statement[0].condition[1]": "fail"}),
    claims=gh_claims(sub="repo:octo-org/octo-repo:pull_request", event_name="pull_request",
                     ref="refs/pull/7/merge", head_ref="feature", base_ref="main")))
add("presets/github-environment-sub.json", gh(
    "GitHub Actions: adding an environment changes `sub`",
    "The job now uses the `production` environment, so `sub` becomes `repo:ORG/REPO:environment:production` and the branch-pinned policy stops matching.",
    reject("trust_policy", "AccessDenied", DENIED),
    claims=gh_claims(sub="repo:octo-org/octo-repo:environment:production", environment="production")))
add("presets/github-tag.json", gh(
    "GitHub Actions: a release tag matches a tag-scoped policy",
    "A tag push has `sub` `repo:ORG/REPO:ref:refs/tags/v1.2.0`; the policy allows any tag starting with v.",
    ACCEPT,
    claims=gh_claims(sub="repo:octo-org/octo-repo:ref:refs/tags/v1.2.0", ref="refs/tags/v1.2.0", ref_type="tag"),
    conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"},
                "StringLike": {f"{GH}:sub": "repo:octo-org/octo-repo:ref:refs/tags/v*"}}))
add("presets/github-immutable-sub.json", gh(
    "GitHub Actions: an immutable `sub` against an old-style policy",
    "Repositories created since 15 July 2026 get `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`, which a policy written for `repo:OWNER/REPO:…` never matches.",
    reject("trust_policy", "AccessDenied", DENIED),
    claims=gh_claims(sub="repo:octo-org@65/octo-repo@74:ref:refs/heads/main")))
add("presets/github-wrong-audience.json", gh(
    "GitHub Actions: the wrong audience",
    "The workflow asked for audience `sts.amazon.com` (a common typo); the provider only lists `sts.amazonaws.com`.",
    reject("claims", "InvalidIdentityToken", "Incorrect token audience"),
    claims=gh_claims(aud="sts.amazon.com")))
add("presets/github-expired.json", gh(
    "GitHub Actions: an expired token",
    "The token expired 5 minutes and 1 second before STS saw it: past the 5-minute grace.",
    reject("claims", "ExpiredTokenException",
           f"Token expired: current date/time {NOW - 60 + 300 + 301} must be before the expiration date/time {NOW - 60 + 300}"),
    now=NOW - 60 + 300 + 301))
add("presets/github-inside-grace.json", gh(
    "GitHub Actions: expired, but inside the 5-minute grace",
    "The token expired 4 minutes 59 seconds ago; STS still accepts it.",
    ACCEPT, now=NOW - 60 + 300 + 299))
add("presets/github-tampered.json", gh(
    "GitHub Actions: a tampered token",
    "Someone edited `sub` after GitHub signed the token; the signature no longer verifies.",
    reject("signature", "InvalidIdentityToken", KEYMSG),
    tamper={"sub": "repo:octo-org/octo-repo:ref:refs/heads/main", "repository": "evil-org/octo-repo"}))
add("presets/github-unknown-kid.json", gh(
    "GitHub Actions: a `kid` the JWKS does not have",
    "GitHub rotated its keys: the token names a key the published JWKS no longer carries.",
    reject("signature", "InvalidIdentityToken", KEYMSG),
    key="rsa-b", jwks=("rsa-a",)))
add("presets/github-trailing-slash.json", gh(
    "GitHub Actions: an issuer with a trailing slash",
    "The issuer is matched exactly: `https://token.actions.githubusercontent.com/` is not the registered provider.",
    reject("provider", "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {GH_ISS}/"),
    claims=gh_claims(iss=GH_ISS + "/")))
def untrusted(doc, thumb="0000000000000000000000000000000000000000"):
    doc["idps"][GH_ISS]["tls"] = {"trusted_root": False, "thumbprint": thumb}
add("presets/github-untrusted-tls.json", gh(
    "An untrusted TLS root with a wrong thumbprint",
    "The IdP's certificate does not chain to a root CA AWS trusts, so STS falls back to the thumbprints, and none matches.",
    reject("tls", "InvalidIdentityToken", "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint"),
    tweak=untrusted))
add("presets/github-explicit-deny.json", gh(
    "GitHub Actions: an explicit Deny beats the Allow",
    "A second statement denies pull-request subjects and the dev environment; the Deny wins over the Allow.",
    reject("trust_policy", "AccessDenied", DENIED, checks={"trust_policy.statement[1]": "fail"}),
    claims=gh_claims(sub="repo:octo-org/octo-repo:environment:dev", environment="dev"),
    statements=[statement({"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"},
                           "StringLike": {f"{GH}:sub": "repo:octo-org/octo-repo:*"}}, sid="AllowRepo"),
                statement({"StringLike": {f"{GH}:sub": ["repo:octo-org/octo-repo:pull_request", "repo:octo-org/octo-repo:environment:dev"]}},
                          effect="Deny", sid="DenyUntrusted")]))
add("presets/github-duration-above-max.json", gh(
    "A duration above the role's maximum",
    "The workflow asks for 2 hours; the role allows 1 hour.",
    reject("session", "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."),
    tweak=lambda d: d["request"].update(DurationSeconds=7200)))
def tags_claims(**o):
    c = gh_claims(**o)
    c["https://aws.amazon.com/tags"] = {"principal_tags": {"Project": ["Automation"], "CostCenter": ["987654"]},
                                        "transitive_tag_keys": ["Project"]}
    return c
add("presets/session-tags-without-tagsession.json", gh(
    "Session tags without sts:TagSession",
    "The token carries session tags, so the trust policy must also allow sts:TagSession; it does not.",
    reject("trust_policy", "AccessDenied", DENIED), claims=tags_claims()))

# Google and Cognito
def google(name, description, expect, azp="5678.apps.googleusercontent.com", cond_aud="5678.apps.googleusercontent.com"):
    claims = {"iss": "https://accounts.google.com", "azp": azp, "aud": "1234.apps.googleusercontent.com",
              "sub": "110169484474386276334", "email": "dev@example.com", "email_verified": True,
              "iat": NOW - 60, "exp": NOW + 3540}
    if azp is None:
        del claims["azp"]
    doc = gh(name, description, expect, claims=claims, key="rsa-b", jwks=("rsa-b",),
             statements=[statement({"StringEquals": {"accounts.google.com:aud": cond_aud}},
                                   principal={"Federated": "accounts.google.com"}, sid="GoogleApp")])
    doc["providers"] = []
    doc["roles"][0]["RoleName"] = "web-app"
    doc["request"]["RoleArn"] = f"arn:aws:iam::{ACCOUNT}:role/web-app"
    doc["request"]["RoleSessionName"] = "dev-example"
    return doc
add("presets/google-azp.json", google(
    "Google: `accounts.google.com:aud` is the `azp`",
    "Google is built in. When the ID token has `azp`, the key `accounts.google.com:aud` holds it and `oaud` holds the raw `aud`.",
    dict(ACCEPT, result={"Provider": "accounts.google.com", "Audience": "5678.apps.googleusercontent.com"})))
add("idps/google-aud-instead-of-azp.json", google(
    "Google: a policy that checks the raw `aud` instead of `azp`",
    "With `azp` present, `accounts.google.com:aud` is the `azp`, so a policy on the raw client ID fails.",
    reject("trust_policy", "AccessDenied", DENIED), cond_aud="1234.apps.googleusercontent.com"))
add("idps/google-without-azp.json", google(
    "Google: no `azp`, so `aud` is the audience",
    "Without `azp`, `accounts.google.com:aud` is the token's `aud`.",
    ACCEPT, azp=None, cond_aud="1234.apps.googleusercontent.com"))

def cognito(name, description, expect, amr=("authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example"), amr_cond="authenticated"):
    pool = "us-east-1:12345678-1234-1234-1234-123456789012"
    claims = {"iss": "https://cognito-identity.amazonaws.com", "aud": pool,
              "sub": "us-east-1:0b5a3f1e-8a5d-4c3b-9f55-2a6e7c8d9e0f", "amr": list(amr),
              "iat": NOW - 60, "exp": NOW + 540}
    doc = gh(name, description, expect, claims=claims, key="rsa-b", alg="RS512", jwks=("rsa-b",),
             statements=[statement({"StringEquals": {"cognito-identity.amazonaws.com:aud": pool},
                                    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr_cond}},
                                   principal={"Federated": "cognito-identity.amazonaws.com"}, sid="CognitoAuthenticated")])
    doc["providers"] = []
    doc["roles"][0]["RoleName"] = "cognito-authenticated"
    doc["request"]["RoleArn"] = f"arn:aws:iam::{ACCOUNT}:role/cognito-authenticated"
    doc["request"]["RoleSessionName"] = "app-user"
    return doc
add("presets/cognito-amr.json", cognito(
    "Cognito identity pool: an authenticated identity",
    "Cognito's `amr` is multivalued, so the policy uses ForAnyValue:StringLike on `cognito-identity.amazonaws.com:amr`.",
    dict(ACCEPT, result={"Provider": "cognito-identity.amazonaws.com"})))
add("idps/cognito-unauthenticated.json", cognito(
    "Cognito identity pool: an unauthenticated identity is refused by an authenticated-only role",
    "The identity is unauthenticated, so no `amr` value matches `authenticated`.",
    reject("trust_policy", "AccessDenied", DENIED), amr=("unauthenticated",)))
add("idps/cognito-plain-operator-on-amr.json", cognito(
    "Cognito: a plain StringLike on the multivalued `amr` never matches",
    "Without ForAnyValue, an operator on a multivalued key does not match.",
    reject("trust_policy", "AccessDenied", DENIED)))
fixtures["idps/cognito-plain-operator-on-amr.json"]["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"] = {
    "StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-1234-1234-1234-123456789012"},
    "StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}

def oauth(provider, name, description, expect, answer, app_key, user_key):
    doc = {
        "name": name, "description": description, "now": rfc3339(NOW), "account": ACCOUNT,
        "providers": [],
        "roles": [{"RoleName": "FederatedWebIdentityRole", "Path": "/", "RoleId": "AROACLKWSDQRAOEXAMPLE",
                   "AssumeRolePolicyDocument": policy(statement({"StringEquals": {f"{provider}:{app_key}": "amzn1.application-oa2-client.5d9b1b0d" if provider == "www.amazon.com" else "1234567890123456"}},
                                                                principal={"Federated": provider}, sid="OAuthApp"))}],
        "idps": {provider: {"oauth": answer}} if answer is not None else {},
        "request": {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/FederatedWebIdentityRole", "RoleSessionName": "app1",
                    "WebIdentityToken": "Atza|IQEBLjAsAhRFiXuWpUXuRvQ9PZL3GMFcYevydwIUFAHZwXZXXXXXXXXJnrulxKDHwy87oGKPznh0D6bEQZTSCzyoCtL_8S07pLpr0zMbn6w1lfVZKNTBdDansFBmtGnIsIapjI6xKR02Yc_2bQ8LZbUXSGm6Ry6_BG7PrtLZtj_dfCTj92xNGed",
                    "ProviderId": provider},
        "expect": expect,
    }
    return doc
add("idps/login-with-amazon.json", oauth("www.amazon.com", "Login with Amazon: an OAuth access token",
    "With ProviderId www.amazon.com, STS asks Amazon about the access token and checks `www.amazon.com:app_id`.",
    dict(ACCEPT, result={"Provider": "www.amazon.com", "Audience": "amzn1.application-oa2-client.5d9b1b0d",
                         "SubjectFromWebIdentityToken": "amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A"}),
    {"app_id": "amzn1.application-oa2-client.5d9b1b0d", "user_id": "amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A"}, "app_id", "user_id"))
add("idps/facebook.json", oauth("graph.facebook.com", "Facebook: an OAuth access token",
    "With ProviderId graph.facebook.com, STS asks Facebook and checks `graph.facebook.com:app_id`.",
    dict(ACCEPT, result={"Provider": "graph.facebook.com"}),
    {"app_id": "1234567890123456", "user_id": "10153938734876151"}, "app_id", "id"))
add("idps/facebook-rejected.json", oauth("graph.facebook.com", "Facebook refuses the access token",
    "Facebook answers 400 for an expired or revoked access token; STS reports IDPRejectedClaim.",
    reject("signature", "IDPRejectedClaim", "graph.facebook.com: graph.facebook.com responded with HTTP/1.1 400 Bad Request"),
    {"valid": False, "status": "HTTP/1.1 400 Bad Request"}, "app_id", "id"))
add("idps/amazon-unreachable.json", oauth("www.amazon.com", "Login with Amazon cannot be reached",
    "The scenario gives no answer from Amazon, as if it could not be reached.",
    reject("signature", "IDPCommunicationError"), None, "app_id", "user_id"))
def auth0(doc):
    doc["providers"][0]["Url"] = "https://example.auth0.com/"
    doc["providers"][0]["ClientIDList"] = ["my-client-id"]
    doc["roles"][0]["AssumeRolePolicyDocument"] = policy(statement(
        {"StringEquals": {"example.auth0.com/:aud": "my-client-id"}},
        principal={"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/example.auth0.com/"}))
add("idps/auth0-trailing-slash.json", gh(
    "Auth0: an issuer that ends in a slash, registered with the slash",
    "Auth0's `iss` ends in `/`, so the provider URL, its ARN and the condition-key prefix all carry it.",
    dict(ACCEPT, result={"Provider": f"arn:aws:iam::{ACCOUNT}:oidc-provider/example.auth0.com/"}),
    claims={"iss": "https://example.auth0.com/", "sub": "auth0|5f7c8ec7c33c6c004bbafe82", "aud": "my-client-id",
            "iat": NOW - 60, "exp": NOW + 36000}, key="ec-p256", jwks=("ec-p256",), tweak=auth0))

# ---- request ------------------------------------------------------------------------------
def req(**fields):
    return lambda d: d["request"].update(fields)
add("request/session-name-bad-character.json", gh("RoleSessionName with a space", "Spaces are outside `[\\w+=,.@-]*`.",
    reject("request", "ValidationError", "1 validation error detected: Value 'my session' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
    tweak=req(RoleSessionName="my session")))
add("request/session-name-too-long.json", gh("RoleSessionName longer than 64", "", 
    reject("request", "ValidationError", "1 validation error detected: Value '" + "s" * 65 + "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64"),
    tweak=req(RoleSessionName="s" * 65)))
add("request/duration-too-low.json", gh("DurationSeconds below 900", "",
    reject("request", "ValidationError", "1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"),
    tweak=req(DurationSeconds=600)))
add("request/duration-too-high.json", gh("DurationSeconds above 43200", "",
    reject("request", "ValidationError", "1 validation error detected: Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"),
    tweak=req(DurationSeconds=50000)))
add("request/two-violations.json", gh("Two violations are reported together", "",
    reject("request", "ValidationError", "2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"),
    tweak=req(RoleSessionName="x", DurationSeconds=100)))
add("request/token-too-short.json", gh("A 3-character token", "",
    reject("request", "ValidationError", "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4"),
    jwks=None, tweak=lambda d: (d.pop("mint"), d["request"].update(WebIdentityToken="abc"))))
add("request/too-many-policy-arns.json", gh("Eleven managed session policies", "",
    reject("request", "ValidationError"),
    tweak=req(PolicyArns=[{"arn": f"arn:aws:iam::{ACCOUNT}:policy/p{i}"} for i in range(11)])))
add("request/invalid-role-arn.json", gh("RoleArn names a user, not a role", "",
    reject("request", "ValidationError", "Request ARN is invalid"),
    tweak=req(RoleArn=f"arn:aws:iam::{ACCOUNT}:user/deploy")))
add("request/session-policy-too-long.json", gh("A session policy over 2048 characters", "",
    reject("request", "ValidationError"),
    tweak=req(Policy=json.dumps(policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": [f"arn:aws:s3:::bucket-{i}/*" for i in range(80)]})))))

# ---- token --------------------------------------------------------------------------------
def raw_token(tok):
    return lambda d: (d.pop("mint"), d["request"].update(WebIdentityToken=tok))
b64 = lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip("=")
add("token/not-a-jwt.json", gh("Garbage instead of a token", "",
    reject("token", "InvalidIdentityToken", NOTJWT), jwks=None, tweak=raw_token("this-is-not-a-token")))
add("token/jwe-five-segments.json", gh("An encrypted JWE (five segments)", "",
    reject("token", "InvalidIdentityToken", NOTJWT), jwks=None, tweak=raw_token("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d")))
add("token/payload-not-json.json", gh("A payload that is not JSON", "",
    reject("token", "InvalidIdentityToken", NOTJWT), jwks=None, tweak=raw_token(b64({"alg": "RS256"}) + ".bm90IGpzb24." + "c2ln")))
add("token/missing-aud.json", gh("No `aud` claim", "", reject("token", "InvalidIdentityToken", "Missing a required claim: aud"), claims=gh_claims(aud=None)))
add("token/missing-sub.json", gh("No `sub` claim", "", reject("token", "InvalidIdentityToken", "Missing a required claim: sub"), claims=gh_claims(sub=None)))
add("token/missing-exp.json", gh("No `exp` claim", "", reject("token", "InvalidIdentityToken", "Missing a required claim: exp"), claims=gh_claims(exp=None)))
add("token/iss-not-https.json", gh("An http:// issuer", "GitLab once issued `iss` without https.",
    reject("token", "InvalidIdentityToken", "No OpenIDConnect provider found in your account for http://gitlab.example.com"),
    claims=gh_claims(iss="http://gitlab.example.com"), jwks=None))

# ---- provider -----------------------------------------------------------------------------
add("provider/no-providers.json", gh("No IAM OIDC provider registered", "",
    reject("provider", "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {GH_ISS}"),
    tweak=lambda d: d.update(providers=[])))
add("provider/role-in-other-account.json", gh("A role in another account", "Providers only serve roles in their own account.",
    reject("provider", "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {GH_ISS}"),
    tweak=req(RoleArn="arn:aws:iam::210987654321:role/deploy")))
add("provider/provider-id-with-oidc-token.json", gh("ProviderId sent with an OIDC token", "",
    reject("provider", "InvalidIdentityToken"), tweak=req(ProviderId="token.actions.githubusercontent.com")))
add("provider/url-with-https-prefix.json", gh("The provider Url written with https://", "Both spellings of Url are accepted.",
    ACCEPT, tweak=lambda d: d["providers"][0].update(Url=GH_ISS)))

# ---- tls ----------------------------------------------------------------------------------
add("tls/untrusted-root-matching-thumbprint.json", gh("An untrusted root, but a configured thumbprint matches", "",
    ACCEPT, tweak=lambda d: untrusted(d, "1C:58:A3:A8:51:8E:87:59:BF:07:5B:76:B7:50:D4:F2:DF:26:4F:CD")))
add("tls/untrusted-root-no-thumbprints.json", gh("An untrusted root and no thumbprints", "",
    reject("tls", "InvalidIdentityToken"), tweak=lambda d: (untrusted(d), d["providers"][0].update(ThumbprintList=[]))))

# ---- signature ----------------------------------------------------------------------------
add("signature/keys-unavailable.json", gh("The JWKS cannot be retrieved", "",
    reject("signature", "InvalidIdentityToken", KEYMSG), jwks=None))
add("signature/no-idp-entry.json", gh("No `idps` entry for the issuer", "",
    reject("signature", "InvalidIdentityToken", KEYMSG), jwks=None, tweak=lambda d: d.update(idps={})))
add("signature/jwks-without-keys.json", gh("A JWKS without `keys`", "",
    reject("signature", "InvalidIdentityToken", KEYMSG), jwks=None, tweak=lambda d: d["idps"][GH_ISS].update(jwks={"key": []})))
add("signature/alg-none.json", gh("`alg: none`", "", reject("signature", "InvalidIdentityToken"), header={"alg": "none"}))
add("signature/hs256-key-confusion.json", gh("HS256 signed with the RSA public key as secret", "",
    reject("signature", "InvalidIdentityToken"), header={"alg": "HS256"}))
add("signature/ps256.json", gh("PS256 is not accepted", "", reject("signature", "InvalidIdentityToken"), header={"alg": "PS256"}))
add("signature/curve-swap.json", gh("ES384 claimed for a P-256 key", "",
    reject("signature", "InvalidIdentityToken", checks={"signature.keys[0]": "fail"}), key="ec-p256", header={"alg": "ES384"}, jwks=("ec-p256",)))
add("signature/rs256-token-for-ec-key.json", gh("An RSA-signed token naming an EC key", "",
    reject("signature", "InvalidIdentityToken"), header={"kid": "ec-p256"}, jwks=("ec-p256", "rsa-a")))
add("signature/es256-accepted.json", gh("ES256 (P-256)", "", ACCEPT, key="ec-p256", jwks=("rsa-a", "ec-p256")))
add("signature/es384-accepted.json", gh("ES384 (P-384)", "", ACCEPT, key="ec-p384", jwks=("ec-p384",)))
add("signature/es512-accepted.json", gh("ES512 (P-521)", "", ACCEPT, key="ec-p521", jwks=("ec-p521",)))
add("signature/rs384-accepted.json", gh("RS384", "", ACCEPT, alg="RS384"))
add("signature/rs512-accepted.json", gh("RS512", "", ACCEPT, alg="RS512"))
add("signature/no-kid-single-key.json", gh("No `kid`: the only key verifies", "", ACCEPT, header={"kid": None}))
add("signature/leading-zero-modulus.json", gh("An RSA modulus with a leading zero octet", "STS refuses non-minimal JWK encodings.",
    reject("signature", "InvalidIdentityToken", KEYMSG, checks={"signature.keys[0]": "fail"})))

# ---- claims -------------------------------------------------------------------------------
add("claims/nbf-in-future.json", gh("`nbf` ten minutes in the future", "", reject("claims", "InvalidIdentityToken"), claims=gh_claims(nbf=NOW + 600)))
add("claims/iat-in-future.json", gh("`iat` ten minutes in the future", "", reject("claims", "InvalidIdentityToken"), claims=gh_claims(iat=NOW + 600)))
add("claims/exp-float.json", gh("A fractional `exp`", "Timestamps must be integers.", reject("claims", "InvalidIdentityToken"), claims=gh_claims(exp=NOW + 240.5)))
add("claims/exp-string.json", gh("`exp` as a string", "", reject("claims", "InvalidIdentityToken"), claims=gh_claims(exp=str(NOW + 240))))
add("claims/aud-array-one-matches.json", gh("`aud` as an array with one registered client ID", "", ACCEPT,
    claims=gh_claims(aud=["https://github.com/octo-org", "sts.amazonaws.com"])))
add("claims/expired-at-exact-boundary.json", gh("`now` exactly `exp` + 300", "The grace ends at exp + 300.",
    reject("claims", "ExpiredTokenException"), now=NOW - 60 + 600))

# ---- trust policy -------------------------------------------------------------------------
add("trust/no-such-role.json", gh("The role does not exist", "", reject("trust_policy", "AccessDenied", DENIED), tweak=req(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/missing")))
add("trust/wrong-principal.json", gh("The principal names another provider", "",
    reject("trust_policy", "AccessDenied", DENIED),
    statements=[statement(GH_CONDITIONS, principal={"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/gitlab.com"})]))
add("trust/assume-role-action.json", gh("`sts:AssumeRole` instead of `sts:AssumeRoleWithWebIdentity`", "",
    reject("trust_policy", "AccessDenied", DENIED), statements=[statement(GH_CONDITIONS, action="sts:AssumeRole")]))
add("trust/action-wildcard.json", gh("`sts:AssumeRole*` covers the web-identity action", "", ACCEPT, statements=[statement(GH_CONDITIONS, action="sts:AssumeRole*")]))
add("trust/policy-not-json.json", gh("A trust policy that is not JSON", "",
    reject("trust_policy", "MalformedPolicyDocument"), tweak=lambda d: d["roles"][0].update(AssumeRolePolicyDocument="{\"Version\": \"2012-10-17\", \"Statement\": [")))
add("trust/resource-prohibited.json", gh("A trust policy with `Resource`", "",
    reject("trust_policy", "MalformedPolicyDocument", "Has prohibited field Resource"),
    tweak=lambda d: d["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0].update(Resource="*")))
add("trust/policy-as-url-encoded-string.json", gh("The trust policy as `aws iam get-role` may print it: URL-encoded", "", ACCEPT,
    tweak=lambda d: d["roles"][0].update(AssumeRolePolicyDocument=urllib.parse.quote(json.dumps(d["roles"][0]["AssumeRolePolicyDocument"])))))
add("trust/policy-as-json-string.json", gh("The trust policy as a JSON string", "", ACCEPT,
    tweak=lambda d: d["roles"][0].update(AssumeRolePolicyDocument=json.dumps(d["roles"][0]["AssumeRolePolicyDocument"]))))
add("trust/statement-object.json", gh("`Statement` as a single object", "", ACCEPT,
    tweak=lambda d: d["roles"][0]["AssumeRolePolicyDocument"].update(Statement=d["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0])))
add("trust/session-tags-with-tagsession.json", gh("Session tags with sts:TagSession allowed", "", ACCEPT, claims=tags_claims(),
    statements=[statement(GH_CONDITIONS, action=["sts:AssumeRoleWithWebIdentity", "sts:TagSession"])]))
def si_claims():
    c = gh_claims(); c["https://aws.amazon.com/source_identity"] = "octocat"; return c
add("trust/source-identity-without-set.json", gh("A source identity without sts:SetSourceIdentity", "",
    reject("trust_policy", "AccessDenied", DENIED), claims=si_claims()))
add("trust/source-identity-allowed.json", gh("A source identity with sts:SetSourceIdentity", "",
    dict(ACCEPT, result={"SourceIdentity": "octocat"}), claims=si_claims(),
    statements=[statement(dict(GH_CONDITIONS, StringEquals={f"{GH}:aud": "sts.amazonaws.com", "sts:SourceIdentity": "octocat"}),
                          action=["sts:AssumeRoleWithWebIdentity", "sts:SetSourceIdentity"])]))
add("trust/github-guardrail-finding.json", gh("A GitHub policy that only checks `aud` (IAM would refuse to save it)", "",
    dict(ACCEPT, findings=["github-sub-not-scoped"]), conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}}))
add("trust/for-all-values-finding.json", gh("ForAllValues in an Allow passes on an absent key", "",
    dict(ACCEPT, findings=["github-sub-any-branch", "for-all-values-in-allow"]),
    conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"},
                "StringLike": {f"{GH}:sub": "repo:octo-org/octo-repo:*"},
                "ForAllValues:StringEquals": {f"{GH}:environment": "production"}}))
add("trust/key-names-case-insensitive.json", gh("Condition key names ignore case", "", ACCEPT,
    conditions={"StringEquals": {"Token.Actions.GitHubUserContent.com:AUD": "sts.amazonaws.com"}, "StringLike": {f"{GH}:SUB": "repo:octo-org/octo-repo:*"}}))
add("trust/sub-case-sensitive.json", gh("Values are case-sensitive: `Octo-Org` is not `octo-org`", "",
    reject("trust_policy", "AccessDenied", DENIED), conditions={"StringLike": {f"{GH}:sub": "repo:Octo-Org/octo-repo:*"}}))

# ---- operators ----------------------------------------------------------------------------
def op(name, cond, expect, **kw):
    base = {"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:octo-org/octo-repo:*"}}
    merged = copy.deepcopy(base)
    for k, v in cond.items():
        merged.setdefault(k, {}).update(v)
    add(f"operators/{name}.json", gh(f"Operator: {name}", "", expect, conditions=merged, **kw))
op("string-not-equals", {"StringNotEquals": {f"{GH}:actor": ["mallory", "eve"]}}, ACCEPT)
op("string-equals-ignore-case", {"StringEqualsIgnoreCase": {f"{GH}:repository": "Octo-Org/Octo-Repo"}}, ACCEPT)
op("string-not-equals-ignore-case", {"StringNotEqualsIgnoreCase": {f"{GH}:actor": "OCTOCAT"}}, reject("trust_policy", "AccessDenied"))
op("string-like-question-mark", {"StringLike": {f"{GH}:job_workflow_ref": "octo-org/octo-repo/.github/workflows/deplo?.yml@refs/heads/*"}}, ACCEPT)
op("string-not-like", {"StringNotLike": {f"{GH}:sub": "*:pull_request"}}, ACCEPT)
op("numeric-equals", {"NumericEquals": {f"{GH}:repository_id": "74"}}, ACCEPT)
op("numeric-not-equals", {"NumericNotEquals": {f"{GH}:repository_id": 74}}, reject("trust_policy", "AccessDenied"))
op("numeric-less-than", {"NumericLessThan": {f"{GH}:actor_id": "100"}}, ACCEPT)
op("numeric-less-than-equals", {"NumericLessThanEquals": {f"{GH}:actor_id": "11"}}, reject("trust_policy", "AccessDenied"))
op("numeric-greater-than", {"NumericGreaterThan": {f"{GH}:repository_id": "73"}}, ACCEPT)
op("numeric-greater-than-equals", {"NumericGreaterThanEquals": {f"{GH}:repository_id": "75"}}, reject("trust_policy", "AccessDenied"))
op("date-less-than", {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}, ACCEPT)
op("date-less-than-equals", {"DateLessThanEquals": {"aws:CurrentTime": "2026-11-22T09:59:59Z"}}, reject("trust_policy", "AccessDenied"))
op("date-greater-than", {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01"}}, ACCEPT)
op("date-greater-than-equals", {"DateGreaterThanEquals": {"aws:EpochTime": NOW}}, ACCEPT)
op("date-equals", {"DateEquals": {"aws:CurrentTime": "2026-11-22T10:00:00Z"}}, ACCEPT)
op("date-not-equals", {"DateNotEquals": {"aws:CurrentTime": "2026-11-22T10:00:00Z"}}, reject("trust_policy", "AccessDenied"))
op("bool", {"Bool": {"aws:SecureTransport": "true"}}, ACCEPT)
op("binary-equals-absent-key", {"BinaryEquals": {"aws:SourceBinary": "QmluYXJ5VmFsdWU="}}, reject("trust_policy", "AccessDenied"))
op("ip-address-absent-key", {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, reject("trust_policy", "AccessDenied"))
op("not-ip-address-absent-key", {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, ACCEPT)
op("arn-like-absent-key", {"ArnLike": {"aws:SourceArn": "arn:aws:sts::*:*"}}, reject("trust_policy", "AccessDenied"))
op("arn-equals-absent-key", {"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::bucket"}}, reject("trust_policy", "AccessDenied"))
op("arn-not-equals-absent-key", {"ArnNotEquals": {"aws:SourceArn": "arn:aws:s3:::bucket"}}, ACCEPT)
op("arn-not-like-absent-key", {"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::*"}}, ACCEPT)
op("null-true", {"Null": {f"{GH}:environment": "true"}}, ACCEPT)
op("null-false", {"Null": {f"{GH}:environment": "false"}}, reject("trust_policy", "AccessDenied"))
op("if-exists-absent", {"StringEqualsIfExists": {f"{GH}:environment": "production"}}, ACCEPT)
op("if-exists-present-mismatch", {"StringEqualsIfExists": {f"{GH}:ref": "refs/heads/release"}}, reject("trust_policy", "AccessDenied"))
op("for-any-value-absent", {"ForAnyValue:StringEquals": {f"{GH}:environment": "production"}}, reject("trust_policy", "AccessDenied"))
op("policy-variable", {"StringLike": {f"{GH}:sub": "repo:${token.actions.githubusercontent.com:repository}:*"}}, ACCEPT)
op("policy-variable-escape", {"StringEquals": {f"{GH}:workflow": "deploy${*}"}}, reject("trust_policy", "AccessDenied"))
op("unknown-operator", {"StringEqualz": {f"{GH}:actor": "octocat"}}, reject("trust_policy", "MalformedPolicyDocument"))
op("multiple-values-ored", {"StringEquals": {f"{GH}:ref": ["refs/heads/release", "refs/heads/main"]}}, ACCEPT)

# ---- session ------------------------------------------------------------------------------
add("session/session-policy-accepted.json", gh("A session policy narrows the session", "",
    dict(ACCEPT, result={"PackedPolicySize": 4}),
    tweak=req(Policy=json.dumps(policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::artifacts/*"})))))
add("session/session-policy-malformed.json", gh("A session policy that is not JSON", "",
    reject("session", "MalformedPolicyDocument", "The policy is not in the valid JSON format."), tweak=req(Policy="{ not json")))
add("session/packed-policy-too-large.json", gh("Session policy plus tags over the packing limit", "",
    reject("session", "PackedPolicyTooLarge"),
    claims=tags_claims(),
    statements=[statement(GH_CONDITIONS, action=["sts:AssumeRoleWithWebIdentity", "sts:TagSession"])],
    tweak=req(Policy=json.dumps(policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": [f"arn:aws:s3:::bucket-number-{i:03d}/*" for i in range(62)]})))))
add("session/max-session-duration-12h.json", gh("A 12-hour session on a 12-hour role", "", dict(ACCEPT, result={}),
    tweak=lambda d: (d["request"].update(DurationSeconds=43200), d["roles"][0].update(MaxSessionDuration=43200))))
add("session/default-duration.json", gh("DurationSeconds left out means 3600", "", ACCEPT, tweak=lambda d: d["request"].pop("DurationSeconds")))

# ---- lint pack: one fixture per finding code --------------------------------------------------
# The base policy is clean (no findings); each fixture changes one thing and expects exactly the
# findings listed, so it also shows that the other rules stay quiet.
MAIN = "repo:octo-org/octo-repo:ref:refs/heads/main"
CLEAN = {"StringEquals": {f"{GH}:aud": "sts.amazonaws.com", f"{GH}:sub": MAIN}}
def lint(code, name, expect, conditions=CLEAN, **kw):
    add(f"lint/{code}.json", gh(f"Lint: {name}", "", expect, conditions=conditions, **kw))
def merged(extra):
    out = copy.deepcopy(CLEAN)
    for k, v in extra.items():
        out.setdefault(k, {}).update(v)
    return out
def findings(expect, *codes):
    return dict(expect, findings=list(codes))
SLUG_ISS = f"{GH_ISS}/octo-enterprise"
def enterprise_provider(doc):
    doc["providers"][0]["Url"] = f"{GH}/octo-enterprise"
lint("clean", "a pinned GitHub policy has no findings", findings(ACCEPT))
lint("github-sub-not-scoped", "IAM's guardrail looks at the first value only, and `*` first fails it",
     findings(ACCEPT, "github-sub-not-scoped"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": ["*", MAIN]}})
lint("github-guardrail-first-value-quirk", "a real first value passes IAM's guardrail, and the `*` after it admits everyone",
     findings(ACCEPT, "github-sub-any-owner"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": [MAIN, "*"]}})
lint("github-sub-missing", "only `job_workflow_ref` is pinned, not the calling repository",
     findings(ACCEPT, "github-sub-missing"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com",
                                  f"{GH}:job_workflow_ref": "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main"}})
lint("for-all-values-in-allow", "`ForAllValues:` on a single-valued key holds when the key is absent",
     findings(ACCEPT, "for-all-values-in-allow"),
     conditions=merged({"ForAllValues:StringEquals": {f"{GH}:environment": "production"}}))
lint("for-any-value-on-single-valued-key", "`ForAnyValue:` on a single-valued key",
     findings(ACCEPT, "for-any-value-on-single-valued-key"),
     conditions=merged({"ForAnyValue:StringEquals": {f"{GH}:ref": "refs/heads/main"}}))
lint("missing-aud-condition", "no condition on `aud`",
     findings(ACCEPT, "missing-aud-condition"),
     conditions={"StringEquals": {f"{GH}:sub": MAIN}})
lint("string-like-without-wildcard", "`StringLike` with no wildcard compares exactly",
     findings(ACCEPT, "string-like-without-wildcard"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": MAIN}})
lint("wildcard-in-string-equals", "`StringEquals` takes `*` literally",
     findings(reject("trust_policy", "AccessDenied", DENIED), "wildcard-in-string-equals"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com", f"{GH}:sub": "repo:octo-org/octo-repo:*"}})
lint("github-sub-any-owner", "a wildcard where the owner goes",
     findings(ACCEPT, "github-sub-any-owner"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:*/octo-repo:ref:refs/heads/main"}})
lint("github-sub-any-repository", "a wildcard where the repository goes",
     findings(ACCEPT, "github-sub-any-repository"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:octo-org/*"}})
lint("github-sub-any-branch", "any branch of the repository",
     findings(ACCEPT, "github-sub-any-branch"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"}, "StringLike": {f"{GH}:sub": "repo:octo-org/octo-repo:ref:refs/heads/*"}})
lint("github-sub-pull-request", "pull-request runs admitted",
     findings(ACCEPT, "github-sub-pull-request"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com", f"{GH}:sub": [MAIN, "repo:octo-org/octo-repo:pull_request"]}})
lint("condition-key-prefix-mismatch", "a typo in a condition key's provider prefix",
     findings(reject("trust_policy", "AccessDenied", DENIED), "condition-key-prefix-mismatch"),
     conditions=merged({"StringEquals": {"token.actions.githubusercontent.co:ref": "refs/heads/main"}}))
lint("github-enterprise-slug-mismatch", "the principal names github.com's provider, the token comes from an enterprise issuer",
     findings(reject("trust_policy", "AccessDenied", DENIED), "github-enterprise-slug-mismatch"),
     claims=gh_claims(iss=SLUG_ISS), tweak=enterprise_provider)
lint("github-owner-case-mismatch", "the owner in another case than GitHub spells it",
     findings(reject("trust_policy", "AccessDenied", DENIED), "github-owner-case-mismatch"),
     conditions=merged({"StringEquals": {f"{GH}:job_workflow_ref": "Octo-Org/octo-repo/.github/workflows/deploy.yml@refs/heads/main"}}))
lint("github-sub-legacy-format", "a legacy `sub` pattern against a repository on the immutable format",
     findings(reject("trust_policy", "AccessDenied", DENIED), "github-sub-legacy-format"),
     claims=gh_claims(sub="repo:octo-org@65/octo-repo@74:ref:refs/heads/main"))
lint("mismatched-action-for-principal", "`sts:AssumeRole` for an OIDC provider",
     findings(reject("trust_policy", "AccessDenied", DENIED), "mismatched-action-for-principal"),
     statements=[statement(CLEAN, action="sts:AssumeRole")])
lint("resource-in-trust-policy", "a `Resource` element",
     findings(reject("trust_policy", "MalformedPolicyDocument"), "resource-in-trust-policy"),
     tweak=lambda d: d["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0].update(Resource="*"))
lint("unknown-condition-operator", "a misspelt condition operator",
     findings(reject("trust_policy", "MalformedPolicyDocument"), "unknown-condition-operator"),
     conditions=merged({"StringLikes": {f"{GH}:ref": "refs/heads/*"}}))
lint("malformed-policy", "an `Effect` IAM does not know",
     findings(reject("trust_policy", "MalformedPolicyDocument"), "malformed-policy"),
     tweak=lambda d: d["roles"][0]["AssumeRolePolicyDocument"]["Statement"][0].update(Effect="allow"))
lint("policy-variable-without-version", "a policy variable without `Version`",
     findings(reject("trust_policy", "AccessDenied", DENIED), "policy-variable-without-version"),
     conditions={"StringEquals": {f"{GH}:aud": "sts.amazonaws.com"},
                 "StringLike": {f"{GH}:sub": "repo:${token.actions.githubusercontent.com:repository}:ref:refs/heads/main"}},
     tweak=lambda d: d["roles"][0]["AssumeRolePolicyDocument"].pop("Version"))

for rel, doc in fixtures.items():
    path = ROOT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        continue  # never clobber minted fixtures; delete a file to regenerate it
    if doc.get("description") == "":
        doc["description"] = doc["name"] + "."
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
print(f"{len(fixtures)} fixtures")
