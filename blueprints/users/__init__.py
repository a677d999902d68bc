"""User management: accounts, memberships, region roles, invitations, resets, second factor."""
