"""A small Flask API with the JWT mistakes jwtlint exists to catch.

Run `jwtlint check demo/` to see them reported.
"""
import os

import jwt
from flask import Flask, jsonify, request
from jose import jwt as jose_jwt

app = Flask(__name__)
PUBLIC_KEY = os.environ["JWT_PUBLIC_KEY"]
SIGNING_SECRET = "super-secret"  # copied from the Flask-JWT-Extended docs


def bearer_token():
    return request.headers.get("Authorization", "").removeprefix("Bearer ")


@app.get("/me")
def me():
    # Reads the claims without checking the signature: anyone can be anyone.
    claims = jwt.decode(bearer_token(), options={"verify_signature": False})
    return jsonify(user=claims["sub"])


@app.get("/orders")
def orders():
    # No algorithm allow-list: python-jose takes the algorithm from the token header.
    claims = jose_jwt.decode(bearer_token(), PUBLIC_KEY)
    return jsonify(orders=[], user=claims["sub"])


@app.post("/login")
def login():
    # A published placeholder secret, and a token that never expires.
    token = jwt.encode({"sub": request.form["username"]}, SIGNING_SECRET, algorithm="HS256")
    return jsonify(token=token)


@app.get("/health")
def health():
    # Correct use: signature, algorithm and audience all checked.
    jwt.decode(bearer_token(), PUBLIC_KEY, algorithms=["RS256"], audience="orders-api")
    return jsonify(ok=True)
