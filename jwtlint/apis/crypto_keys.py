"""Key generation outside the JWT libraries (pyca/cryptography, PyCryptodome).

Keys for RS*/PS* tokens are often made with these; only their size matters here.
"""

from jwtlint.apis.spec import Api

TABLE = (
    Api("cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key", library="cryptography",
        kind="key_import", params=("public_exponent", "key_size", "backend"),
        roles={"key_size": "rsa_key_size"}),
    Api("Crypto.PublicKey.RSA.generate", library="pycryptodome", kind="key_import",
        aliases=("Cryptodome.PublicKey.RSA.generate",),
        params=("bits", "randfunc", "e"), roles={"bits": "rsa_key_size"}),
)
