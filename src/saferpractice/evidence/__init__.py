"""Evidence readers: stream exports into typed records in constant memory."""
