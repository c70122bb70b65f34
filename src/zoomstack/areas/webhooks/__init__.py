"""The legacy (2018) /v2/webhooks API: account webhooks with basic-auth credentials and the old
event names, stored as the same event subscriptions the dispatcher delivers to."""
