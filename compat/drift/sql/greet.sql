SELECT 'Hello, ' || $who || '!' AS greeting
