"""The audio guide: a score from `bot.domain.audio_score` made into an OGG/Opus voice message.

Synthesis with NumPy, a spoken voice from eSpeak NG (its library and data install from the
package registry), loudness from pyloudnorm, Opus in Ogg through libsndfile. No Telegram here:
the bot sends the bytes and remembers the file_id by the guide's key (`bot.app.listening`).
"""
