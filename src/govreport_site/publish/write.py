"""Write the output folder atomically."""
