package com.cogniforge.gateway.providers;

/** One message of a conversation, text only. */
public record ChatMessage(String role, String content) {}
