/**
 * Spanish for the built-in pages: neutral Latin-American Spanish, "usted", in the plain words a
 * clinic's front desk would use with families. Typed as the whole of `PageTexts`, so a new
 * English key does not compile until it is translated here too.
 */
import type { PageTexts } from '../texts.js';
import { adminTextsEs } from './admin-es.js';

export const esPageTexts: PageTexts = {
  // The admin router's pages
  ...adminTextsEs,

  // Passkeys
  methodWebAuthn: 'Llave de acceso: {name}',
  passkeyUse: 'Usar su llave de acceso o llave de seguridad',
  passkeyOr: 'O escriba un código:',
  passkeyOnlyIntro: 'Use la llave de acceso o la llave de seguridad que agregó a esta cuenta.',
  passkeyNoScript: 'Las llaves de acceso y de seguridad necesitan JavaScript, que está desactivado en este navegador. Use otro método de abajo o active JavaScript.',
  passkeyUnsupported: 'Este navegador no puede usar llaves de acceso ni llaves de seguridad. Use otro método de abajo o pruebe con otro navegador.',
  passkeyFailed: 'La llave de acceso no respondió (se canceló, se agotó el tiempo o no era la correcta). Inténtelo de nuevo o use otro método.',
  passkeyRequired: 'Esta página necesita su llave de acceso o llave de seguridad: un sitio falso puede engañar a una persona para obtener un código, pero no a una llave de acceso.',
  passkeyNone: 'Esta página necesita una llave de acceso o llave de seguridad, y su cuenta todavía no tiene ninguna. Agregue una en la configuración de la verificación en dos pasos.',
  setupWebAuthnChoice: 'Usar una llave de acceso o llave de seguridad',
  setupWebAuthnChoiceHint: 'Lo más seguro: su teléfono, su computadora o una llave como YubiKey confirma que es usted, y los sitios falsos no pueden engañarla.',
  setupWebAuthnTitle: 'Agregar una llave de acceso o llave de seguridad',
  setupWebAuthnExplain: 'Póngale un nombre que reconozca, presione el botón y siga las indicaciones del navegador: toque su llave o use su huella, su cara o el bloqueo de pantalla.',
  passkeyNameLabel: 'Nombre',
  passkeyNameHint: 'Por ejemplo, "YubiKey 5" o "Este iPhone".',
  setupWebAuthnSubmit: 'Crear llave de acceso',
  passkeySynced: 'Llave de acceso sincronizada',
  passkeyThisDeviceOnly: 'Solo en este dispositivo',

  // Shared
  skipToContent: 'Ir al contenido principal',
  errorPrefix: 'Error:',
  backToSettings: 'Volver a la configuración de la verificación en dos pasos',
  copied: 'Copiado.',
  copyFailed: 'No se pudo copiar: seleccione el texto y cópielo usted.',
  codeLabel: 'Código de verificación',
  codeHint: '{digits} dígitos, sin espacios.',
  codeHintTwoLengths: '{short} u {long} dígitos, sin espacios.',
  recoveryCodeLabel: 'Código de recuperación',
  recoveryCodeHint: 'Uno de los códigos que guardó al activar la verificación en dos pasos, como ABCDE-FGHJK-LMNPQ.',
  passwordLabel: 'Contraseña actual',
  backToApp: 'Volver a {app}',
  backToAppUnnamed: 'Volver al sitio',
  signOut: 'Cerrar sesión',
  appBarLabel: 'Cuenta',

  // Methods, as people see them
  methodTotp: 'Aplicación de autenticación',
  methodTotpNumbered: 'Aplicación de autenticación {number}',
  renameMethod: 'Cambiar nombre',
  renameMethodLabel: 'Nuevo nombre para {label}',
  renameMethodSave: 'Guardar nombre',
  methodLastUsed: 'último uso: {date}',
  methodNotUsedYet: 'aún sin usar',
  recoveryLastUsed: 'Se usó un código de recuperación por última vez el {date}.',
  methodEmail: 'Correo a {address}',
  methodSms: 'Mensaje de texto a {phone}',
  primaryMarker: '(principal)',

  // Challenge
  verifyTitle: 'Confirme que es usted',
  verifyIntroApp: 'Abra su aplicación de autenticación y escriba el código que muestra para esta cuenta.',
  verifyIntroAny: 'Escriba el código de su aplicación de autenticación, o pida un código por correo o mensaje de texto.',
  verifyChooseMethod: '¿Cómo quiere verificar?',
  verifySent: 'Enviamos un código a {label}. Es válido por {minutes} minutos.',
  verifyRemember: 'Recordar este dispositivo por {days} días',
  verifyRememberHint: 'Solo en una computadora o un teléfono que sea suyo. Hasta entonces no se le pedirá un código aquí.',
  verifySubmit: 'Verificar',
  verifyFailed: 'No se pudo verificar.',
  attemptsLeftOne: 'Queda 1 intento antes de que se bloquee la verificación.',
  attemptsLeftMany: 'Quedan {count} intentos antes de que se bloquee la verificación.',
  sendCode: 'Enviar un código a {label}',
  sendCodeWait: 'Puede pedir un código nuevo en {seconds} segundos.',
  useRecoveryCode: 'Usar un código de recuperación',
  useRecoveryCodeIntro: '¿Perdió su teléfono o no le llega el código? Cada código de recuperación le permite entrar una vez.',
  useRecoverySubmit: 'Usar código de recuperación',
  useCodeInstead: 'Usar un código de verificación',
  cannotSignIn: '¿No tiene código ni código de recuperación? Pida a un administrador que restablezca su verificación en dos pasos.',

  // Locked
  lockedTitle: 'Demasiados intentos fallidos',
  lockedMessage: 'Por su seguridad, la verificación está bloqueada hasta {time}. Inténtelo de nuevo después, o pida a un administrador que desbloquee su cuenta.',

  // Setup: choosing a method
  setupTitle: 'Configurar la verificación en dos pasos',
  setupRequired: 'Su organización exige la verificación en dos pasos. Elija cómo recibirá sus códigos para terminar de iniciar sesión.',
  setupOptional: 'Elija cómo recibirá sus códigos.',
  setupTotpChoice: 'Usar una aplicación de autenticación',
  setupTotpChoiceHint: 'Recomendado: funciona sin señal. Google Authenticator, Microsoft Authenticator, 1Password y otras.',
  setupEmailLabel: 'Correo electrónico',
  setupEmailChoice: 'Usar códigos por correo',
  setupSmsLabel: 'Número de celular',
  setupSmsHint: 'Con el código de país si el número es de otro país, como +52 55 1234 5678.',
  setupSmsChoice: 'Usar mensajes de texto',

  // Setup: authenticator app
  setupTotpTitle: 'Configurar su aplicación de autenticación',
  setupTotpStep1: 'Abra su aplicación de autenticación y agregue una cuenta.',
  setupTotpStep2: 'Escanee el código QR o escriba la clave de configuración.',
  setupTotpStep3: 'Escriba el código de {digits} dígitos que muestra la aplicación.',
  openInAuthenticatorApp: 'Abrir en la aplicación de autenticación',
  openInAuthenticatorAppHint: 'En el teléfono que tiene la aplicación: la abre con esta cuenta ya completada. Si no se abre nada, escriba la clave de configuración de abajo.',
  setupTotpQrLabel: 'Código QR para su aplicación de autenticación',
  setupKeyLabel: 'Clave de configuración',
  copySetupKey: 'Copiar clave de configuración',
  setupTotpCodeLabel: 'Código de la aplicación',
  setupTotpSubmit: 'Activar',

  // Setup: email and phone
  setupEmailTitle: 'Confirme su correo electrónico',
  setupSmsTitle: 'Confirme su número de teléfono',
  setupContactSent: 'Enviamos un código de 6 dígitos a {label}. Es válido por {minutes} minutos.',
  setupContactSubmit: 'Verificar',
  resendCode: 'Enviar un código nuevo',
  cancel: 'Cancelar',

  // Recovery codes
  recoveryTitle: 'Guarde sus códigos de recuperación',
  recoveryShownOnce: 'Solo se muestran esta vez.',
  recoveryExplain: 'Si pierde su teléfono, cada código le permite entrar una vez. Imprímalos o guárdelos en un administrador de contraseñas.',
  recoveryReplaced: 'Sus códigos de recuperación anteriores ya no funcionan.',
  recoveryCopy: 'Copiar códigos',
  recoveryDownload: 'Descargar como archivo de texto',
  recoveryFileHeading: 'Códigos de recuperación de {issuer}. Cada código funciona una vez.',
  recoverySaved: 'Ya guardé estos códigos',
  recoveryContinue: 'Continuar',

  // Setup prompt
  promptTitle: 'Proteja su cuenta con la verificación en dos pasos',
  promptExplain: 'Después de su contraseña, también escribirá un código de su teléfono. Aunque alguien sepa su contraseña, no podrá entrar.',
  promptContinue: 'Continuar',
  promptSkip: 'Omitir',
  promptSkipHint: 'Si lo omite, se lo preguntaremos de nuevo la próxima vez que inicie sesión.',
  promptNever: 'No volver a mostrar',
  promptDeadline: 'Su organización exige la verificación en dos pasos. Puede dejarlo para después hasta {time}; a partir de entonces, tendrá que configurarla al iniciar sesión.',

  // Settings
  settingsTitle: 'Verificación en dos pasos',
  settingsOn: 'La verificación en dos pasos está activada.',
  settingsOff: 'La verificación en dos pasos está desactivada.',
  settingsMethods: 'Métodos de verificación',
  settingsNoMethod: 'Todavía no hay ningún método de verificación.',
  makePrimary: 'Hacer principal',
  removeMethod: 'Quitar',
  removeMethodLabel: 'Quitar {label}',
  makePrimaryLabel: 'Hacer principal: {label}',
  addMethod: 'Agregar un método',
  recoveryHeading: 'Códigos de recuperación',
  recoveryLeftOne: 'Le queda 1 código de recuperación.',
  recoveryLeftMany: 'Le quedan {count} códigos de recuperación.',
  recoveryLow: 'Se le están acabando: cree códigos nuevos.',
  recoveryRegenerate: 'Crear códigos de recuperación nuevos',
  recoveryRegenerateHint: 'Sus códigos actuales dejarán de funcionar.',
  devicesHeading: 'Dispositivos recordados',
  devicesNone: 'No hay ningún dispositivo recordado.',
  deviceLastUsed: 'último uso: {date}',
  deviceThis: '(este dispositivo)',
  forgetDevice: 'Olvidar',
  forgetDeviceLabel: 'Olvidar {label}',
  forgetAllDevices: 'Olvidar todos los dispositivos',
  sessionsHeading: 'Sus otras sesiones',
  signOutOthers: 'Cerrar todas las demás sesiones',
  signOutOthersHint: 'Todos los demás navegadores y aplicaciones con su cuenta abierta tendrán que iniciar sesión de nuevo. Esta sesión sigue abierta.',
  signedOutOthers: 'Se cerraron todas las demás sesiones.',
  turnOn: 'Activar la verificación en dos pasos',
  turnOff: 'Desactivar la verificación en dos pasos',
  requiredByPolicy: 'Su organización exige la verificación en dos pasos, así que no se puede desactivar.',

  // Re-verification
  reverifyTitle: 'Confirme que es usted',
  reverifyExplain: 'Este cambio necesita una verificación reciente. Dura unos minutos.',
  reverifySubmit: 'Confirmar',
  reverifyPasswordSubmit: 'Confirmar con la contraseña',

  // Messages
  messageBack: 'Volver',
  messageSignIn: 'Ir a iniciar sesión',
  titleUnavailable: 'La verificación no está disponible',
  titleSignIn: 'Inicie sesión',
  titleSignInExpired: 'Su inicio de sesión venció',
  titleVerificationNeeded: 'Se necesita verificación',
  titleFormExpired: 'Este formulario venció',
  titleSomethingWrong: 'Algo salió mal',

  // Errors people meet on pages
  errorInvalidCode: 'Ese código no es correcto, ya venció o ya se usó. Cada código funciona una sola vez: si acaba de usar este, espere el siguiente y escríbalo.',
  errorInvalidPassword: 'Esa contraseña no es correcta.',
  errorResendTooSoon: 'Se acaba de enviar un código. Puede pedir uno nuevo en {seconds} segundos; el código anterior sigue funcionando.',
  errorRateLimited: 'Hubo demasiados intentos desde su red. Espere {seconds} segundos y vuelva a intentarlo.',
  errorSendLimit: 'Se enviaron demasiados códigos a esta cuenta en la última hora. Use un código que ya recibió o inténtelo más tarde.',
  errorDeliveryFailed: 'No se pudo enviar el código. Revise la dirección o el número, o inténtelo más tarde.',
  errorUnavailable: 'La verificación no está disponible por el momento. Inténtelo de nuevo en un momento.',
  errorSignInExpired: 'Tardó demasiado en terminar de iniciar sesión. Inicie sesión de nuevo con su contraseña.',
  errorCsrf: 'Este formulario venció o se envió desde otro sitio. Vuelva atrás, recargue la página e inténtelo de nuevo.',
};
