// Passkeys: runs the browser's WebAuthn ceremony for forms marked data-passkey="create" (add a
// passkey, on /account/passkeys) or data-passkey="get" (sign in). On submit it fetches the options
// from data-passkey-options (a POST with the form's antiforgery token), asks the authenticator,
// puts the credential's JSON in the form's CredentialJson field and sends the form; the server
// checks everything. A served file, loaded with defer: the Content-Security-Policy allows no inline script.
(function () {
  'use strict';

  if (window.hubPasskeys) {
    return; // the partial can be on a page twice
  }
  window.hubPasskeys = true;

  function toBase64Url(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = '';
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64Url(value) {
    var base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) {
      base64 += '=';
    }
    var text = atob(base64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: fromBase64Url(c.id) }); });
  }

  function creationOptions(json) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    return Object.assign({}, json, {
      challenge: fromBase64Url(json.challenge),
      user: Object.assign({}, json.user, { id: fromBase64Url(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials)
    });
  }

  function requestOptions(json) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    return Object.assign({}, json, {
      challenge: fromBase64Url(json.challenge),
      allowCredentials: withIds(json.allowCredentials)
    });
  }

  // The credential as the server reads it (the WebAuthn JSON encoding, binary fields in base64url).
  function credentialJson(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toBase64Url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64Url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64Url(r.authenticatorData);
      response.signature = toBase64Url(r.signature);
      if (r.userHandle) {
        response.userHandle = toBase64Url(r.userHandle);
      }
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64Url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: response
    });
  }

  function say(form, text) {
    var message = form.querySelector('[data-passkey-message]');
    if (message) {
      message.textContent = text;
      message.hidden = !text;
    }
  }

  async function ceremony(form) {
    var mode = form.getAttribute('data-passkey');
    var token = form.querySelector('input[name="__RequestVerificationToken"]');
    var answer = await fetch(form.getAttribute('data-passkey-options'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'RequestVerificationToken': token ? token.value : '' }
    });
    if (!answer.ok) {
      throw new Error('options');
    }
    var json = await answer.json();
    var credential = mode === 'create'
      ? await navigator.credentials.create({ publicKey: creationOptions(json) })
      : await navigator.credentials.get({ publicKey: requestOptions(json) });
    form.querySelector('input[name="CredentialJson"]').value = credentialJson(credential);
    form.submit();
  }

  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!window.PublicKeyCredential || !navigator.credentials) {
        say(form, 'This browser does not support passkeys. Use another browser, or sign in with your password.');
        return;
      }
      if (form.getAttribute('data-passkey') === 'create') {
        var name = form.querySelector('input[name="Name"]');
        if (name && !name.value.trim()) {
          say(form, 'Give the passkey a name, like the device it is on.');
          name.focus();
          return;
        }
      }
      say(form, '');
      ceremony(form).catch(function (error) {
        say(form, error && error.name === 'NotAllowedError'
          ? 'The passkey request was cancelled or timed out. Try again when you are ready.'
          : 'Your passkey could not be used. Try again, or sign in with your password.');
      });
    });
  });
})();
