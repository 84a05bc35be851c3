print("wordliteralinclude")
