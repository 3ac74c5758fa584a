"""Two-factor sign-in to the admin: time-based codes from an authenticator app,
or a passkey.

Built on django-otp's TOTP devices (wagtail-2fa 1.8, the Wagtail package for
this, does not import on Wagtail 8) and django-otp-webauthn's passkeys, as a
second factor only (never instead of the password). Anyone with admin access
may add an authenticator app or a passkey under Account › Two-factor sign-in,
and from then on must use one after the password. Superusers and members of
ADMIN_TWO_FACTOR_GROUPS must set one up before they can use the admin.
WAGTAIL_2FA_REQUIRED = False (`make run` only, see dev.py) lets everyone in
with the password alone.
"""

import io
from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

# Admin views a signed-in user may reach before the second step. Adding a
# passkey is open too: django-otp-webauthn itself refuses it to a user who
# has a device and has not used it yet.
OPEN_VIEW_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_qr_code",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
    "otp_webauthn:js-i18n-catalog",
}


def must_use_two_factor(user) -> bool:
    """Superusers and the groups that see sensitive data have no choice."""
    return (
        user.is_superuser
        or user.groups.filter(name__in=settings.ADMIN_TWO_FACTOR_GROUPS).exists()
    )


class TwoFactorMiddleware(OTPMiddleware):
    """Sends admin users who still owe their second step to the right page."""

    def __call__(self, request):
        self._install_lazy_accessors(request)  # request.user.is_verified()
        return self.check(request) or self.get_response(request)

    def check(self, request):
        user = request.user
        if not (
            settings.WAGTAIL_2FA_REQUIRED
            and request.path_info.startswith(settings.ADMIN_URL_PREFIX)
            and user.is_authenticated
            and not user.is_verified()
        ):
            return None
        try:
            if resolve(request.path_info).view_name in OPEN_VIEW_NAMES:
                return None
        except Resolver404:
            return None  # the admin's own 404
        if user_has_device(user, confirmed=True):
            view = "two_factor_verify"
        elif must_use_two_factor(user):
            view = "two_factor_setup"
        else:
            return None
        return redirect(
            reverse(view) + "?" + urlencode({"next": request.get_full_path()})
        )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Code from your authenticator app",
            min_length=6,
            max_length=8,
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "inputmode": "numeric",
                    "autofocus": True,
                }
            ),
            **kwargs,
        )

    def clean(self, value):
        # People paste "123 456"; "１２３４５６" is no code.
        return super().clean("".join((value or "").split()))


class VerifyForm(forms.Form):
    """The second step of signing in."""

    otp_token = CodeField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"]
        for device in TOTPDevice.objects.devices_for_user(self.user, confirmed=True):
            if token.isascii() and device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(
            "That code did not work. Check the time on your phone is right, and "
            "enter the code your authenticator app shows now."
        )


class SetupForm(forms.Form):
    """A new authenticator: its first code proves it is set up right."""

    otp_token = CodeField()
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput, strip=False
    )
    name = forms.CharField(
        label="Name for this authenticator",
        max_length=64,
        initial="My phone",
        help_text="So you can tell your devices apart, for example “Work phone”.",
    )

    def __init__(self, *args, request, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.device = request, device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"]
        if not (token.isascii() and self.device.verify_token(token)):
            raise forms.ValidationError(
                "That code did not work. Scan the QR code again, and enter the "
                "code your app shows now."
            )
        return token

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if not authenticate(
            self.request, username=user.get_username(), password=password
        ):
            raise forms.ValidationError("That is not your password.")
        return password


@never_cache
@sensitive_post_parameters()
def verify(request):
    """Step two: a code from an app (this form) or a passkey (its script posts
    to django-otp-webauthn's views, which sign the user in and send them on)."""
    if not user_has_device(request.user, confirmed=True):
        return redirect(_next_url(request))
    form = VerifyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "two_factor/verify.html",
        {
            "form": form,
            "next": _next_url(request),
            "has_app": _confirmed(TOTPDevice, request.user).exists(),
            "has_passkey": _confirmed(WebAuthnCredential, request.user).exists(),
        },
    )


def _confirmed(model, user):
    return model.objects.filter(user=user, confirmed=True)


def _unconfirmed_device(user) -> TOTPDevice:
    """The device being set up: one per user, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


@never_cache
@sensitive_post_parameters()
def setup(request):
    device = _unconfirmed_device(request.user)
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        # Adding a second device takes the first one's code.
        return redirect(reverse("two_factor_verify") + "?next=" + request.path)
    form = SetupForm(request.POST or None, request=request, device=device)
    if request.method == "POST" and form.is_valid():
        device.name = form.cleaned_data["name"]
        device.confirmed = True
        device.save()
        otp_login(request, device)
        messages.success(request, "Two-factor sign-in is on for your account.")
        return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "setup_key": b32encode(device.bin_key).decode(),
            "required": must_use_two_factor(request.user),
            "next": _next_url(request),
        },
    )


@never_cache
def qr_code(request):
    """The QR code of the device being set up, as SVG (no inline script or style)."""
    device = _unconfirmed_device(request.user)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgImage)
    out = io.BytesIO()
    image.save(out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


# Each kind of device, and the view that removes one.
REMOVE_VIEWS = {
    TOTPDevice: "two_factor_remove_device",
    WebAuthnCredential: "two_factor_remove_passkey",
}


@never_cache
def devices(request):
    """The signed-in user's authenticator apps and passkeys."""
    listed = [
        {
            "name": device.name,
            "added": device.created_at,
            "remove_url": reverse(view, args=[device.pk]),
        }
        for model, view in REMOVE_VIEWS.items()
        for device in _confirmed(model, request.user).order_by("created_at")
    ]
    return TemplateResponse(
        request,
        "two_factor/devices.html",
        {"devices": listed, "required": must_use_two_factor(request.user)},
    )


@require_POST
def remove_device(request, pk: int):
    apps = _confirmed(TOTPDevice, request.user)
    return _remove(request, get_object_or_404(apps, pk=pk))


@require_POST
def remove_passkey(request, pk: int):
    passkeys = _confirmed(WebAuthnCredential, request.user)
    return _remove(request, get_object_or_404(passkeys, pk=pk))


def _remove(request, device):
    remaining = list(devices_for_user(request.user, confirmed=True))
    if must_use_two_factor(request.user) and len(remaining) == 1:
        messages.error(
            request,
            "You must keep one authenticator app or passkey: add another before "
            "removing this one.",
        )
    else:
        device.delete()
        messages.success(request, f"“{device.name}” removed.")
    return redirect("two_factor_devices")
