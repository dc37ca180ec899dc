print("outcomes: under construction")
