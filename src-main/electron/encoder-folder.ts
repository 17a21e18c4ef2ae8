// The desktop's folder dialog for an encoder export. The page gets a pick id
// and the folder's path to show; `addEncoder` then names the id, never a path.
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { LabService } from '../service/types.ts';

export type ShowOpenDialog = (
  options: OpenDialogOptions,
) => Promise<Pick<OpenDialogReturnValue, 'canceled' | 'filePaths'>>;

export const encoderFolderDialog: OpenDialogOptions = {
  title: 'Choose an encoder folder (model.onnx, config.json, tokenizer.json or vocab.txt)',
  properties: ['openDirectory'],
};

export async function pickEncoderFolder(
  service: Pick<LabService, 'registerPick'>,
  show: ShowOpenDialog,
): Promise<{ pickId: string; dir: string } | null> {
  const picked = await show(encoderFolderDialog);
  const dir = picked.filePaths[0];
  if (picked.canceled || dir === undefined) return null;
  return { pickId: service.registerPick([dir]), dir };
}
