"""Who the test OpenID provider knows: its one client (Keyfolio) and its people.

Plain data, read by the provider's process (serve.py) and by the tests that sign in
through it.
"""

CLIENT_ID = "keyfolio"
CLIENT_SECRET = "provider-secret-for-the-tests"
PASSWORD = "provider-password-1"

# username -> (e-mail, full name, whether the provider has verified the e-mail)
PEOPLE = {
    "anna": ("anna@example.com", "Anna Karenina", True),
    "olga": ("olga@example.com", "Olga Ivanova", True),
    "mallory": ("mallory@example.com", "Mallory Unverified", False),
    "boris": ("boris@elsewhere.org", "Boris Outsider", True),
}
