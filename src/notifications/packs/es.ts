/** The security emails in Spanish ("usted"), for the same keys as English. */
import type { EmailTexts } from './en.js';

export const esEmailTexts: EmailTexts = {
  emailMethodAddedSubject: 'Se agregó un método de verificación en dos pasos',
  emailMethodAddedBody: '{method} se agregó a la verificación en dos pasos de su cuenta el {when}.',
  emailMethodRemovedSubject: 'Se quitó un método de verificación en dos pasos',
  emailMethodRemovedBody: '{method} se quitó de la verificación en dos pasos de su cuenta el {when}.',
  emailLockedSubject: 'Verificación en dos pasos bloqueada por intentos fallidos',
  emailLockedBody: 'Se escribieron demasiados códigos incorrectos en su cuenta (el último, el {when}). La verificación está bloqueada hasta el {until}.',
  emailRecoveryNoneSubject: 'Ya no le quedan códigos de recuperación',
  emailRecoveryNoneBody: 'Se usó un código de recuperación para entrar a su cuenta el {when}. Ya no le queda ninguno: cree códigos nuevos en la configuración de la verificación en dos pasos.',
  emailRecoveryOneSubject: 'Solo le queda 1 código de recuperación',
  emailRecoveryOneBody: 'Se usó un código de recuperación para entrar a su cuenta el {when}. Solo le queda 1: cree códigos nuevos en la configuración de la verificación en dos pasos.',
  emailRecoveryFewSubject: 'Solo le quedan {count} códigos de recuperación',
  emailRecoveryFewBody: 'Se usó un código de recuperación para entrar a su cuenta el {when}. Solo le quedan {count}: cree códigos nuevos en la configuración de la verificación en dos pasos.',
  emailAdminResetSubject: 'Se restableció su verificación en dos pasos',
  emailAdminResetBody: 'Un administrador restableció la verificación en dos pasos de su cuenta el {when}. Configure un método de verificación la próxima vez que inicie sesión.',
  emailAdminResetNotYou: 'Si usted no lo pidió, comuníquese con su administrador.',
  emailNotYou: 'Si no fue usted, cambie su contraseña ahora y comuníquese con su administrador.',
  emailWhen: '{time}',
  emailWhenFrom: '{time} desde la dirección IP {ip}',
  emailMethodTotp: 'Una aplicación de autenticación',
  emailMethodEmail: 'Un correo electrónico',
  emailMethodSms: 'Un número de teléfono (mensajes de texto)',
  emailMethodWebAuthn: 'Una llave de acceso o llave de seguridad',
  emailMethodRecovery: 'Un código de recuperación',
  emailMethodUnknown: 'Un método de verificación',
};
