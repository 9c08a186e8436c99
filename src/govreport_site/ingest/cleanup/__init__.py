"""The normaliser's cleanup steps, one module per kind of export damage.

Each step works on a list of `Line`s and records what it removes in a `NoteBook`,
so that nothing leaves the text without a note (see normalise.py for the order).
"""
