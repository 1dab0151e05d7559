"""Pictures of the stretches, drawn from the pose data in content/poses with Pillow.

No Telegram here: the Telegram layer asks `Pictures` for PNG bytes (or a remembered
file_id) and sends them.
"""
