// A self-signed certificate for localhost and 127.0.0.1 (valid until 2126), for tests
// that need an https server: the client trusts it through its `ca` option. Test-only:
// the key protects nothing.
// openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
//   -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1

export const localhostKey = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgiNxcWdIGp+fPGp1D
J4kvuXmnw/3+dT+5VJ+ALjwUCNyhRANCAASH6VgvyGt/A9Cc8vweYDDrNq+/7nSK
YVhbr6366/MW0r3e3uk41OKmnRSvST6JVKhXjnOSi7ji65EODa0T0MGM
-----END PRIVATE KEY-----
`;

export const localhostCertificate = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUMtjK35YWxu5dsRJBZIC98BUCiGYwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyOTE2NTk0OVoYDzIxMjYxMTA1
MTY1OTQ5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASH6VgvyGt/A9Cc8vweYDDrNq+/7nSKYVhbr6366/MW0r3e3uk41OKm
nRSvST6JVKhXjnOSi7ji65EODa0T0MGMo28wbTAdBgNVHQ4EFgQUnj9EWDaq62pw
VockHqjMsQAngmowHwYDVR0jBBgwFoAUnj9EWDaq62pwVockHqjMsQAngmowDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSQAwRgIhAIe6WCkYzOsS9iCnC01Z4zZPB5XsJ5qWnT85tW4dLCrJAiEA
m/dPcTluJsO27sSiP+bgN5cXghBhWiDgCnQCwtUveJk=
-----END CERTIFICATE-----
`;
