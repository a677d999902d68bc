"""Users, login with a second factor, personal API tokens and one-time links."""
