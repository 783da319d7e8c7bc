export const WRAP_UP_REASONS = ['not_found', 'success', 'no_answer', 'call_back_later', 'interrupted'];
