import jwt


def decode(token:
    return jwt.decode(token)
