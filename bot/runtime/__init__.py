"""Running the bot: wiring (app), start and stop (lifecycle), the webhook, health and logs."""

from bot.runtime.app import build_application, run

__all__ = ["build_application", "run"]
