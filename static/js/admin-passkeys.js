// A passkey was added (django-otp-webauthn's "register_complete"): go where
// the set-up page was taking the user, or show it in the list of devices.
document.addEventListener("otp_webauthn.register_complete", () => {
  const next = document.querySelector("input[name='next']");
  window.location.assign(next && next.value ? next.value : window.location.href);
});
