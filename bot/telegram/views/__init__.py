"""How the bot looks: words, cards, keyboards, screens and pictures."""
