"""Working days under the Algemene termijnenwet: legal holidays, decreed days and deadlines."""
