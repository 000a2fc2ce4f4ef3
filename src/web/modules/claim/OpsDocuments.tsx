import { useState } from 'react';
import { Alert, Button, Empty, Image, Progress, Select, Space, Typography, Upload } from 'antd';
import { FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { DOCUMENT_KINDS, type ClaimDocument, type DocumentKind } from '../../../contracts/claim';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { DocumentKindTag } from './labels';
import { useUploadWithProgress } from './opsQueries';

const UPLOAD_KINDS = (Object.keys(DOCUMENT_KINDS) as DocumentKind[]).filter((k) => k !== 'DECLINE_LETTER');
const ACCEPT = 'image/jpeg,image/png,application/pdf';

/** File size as 12.3 KB / 1.2 MB. */
const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Thumbnails of a task's photos (click to enlarge) and links to its PDFs. */
export function OpsDocumentList({ documents }: { documents: ClaimDocument[] }) {
  const { t } = useI18n();
  if (documents.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cop.doc.empty')} />;
  return (
    <Image.PreviewGroup>
      <Space wrap size={12} data-testid="task-documents">
        {documents.map((d) => (
          <div key={d.id} style={{ width: 112 }} data-testid="task-document">
            {d.mime.startsWith('image/') ? (
              <Image src={d.href} alt={d.name} width={112} height={84} style={{ objectFit: 'cover', borderRadius: 4 }} />
            ) : (
              <a href={d.href} target="_blank" rel="noreferrer" style={{ display: 'flex', width: 112, height: 84, alignItems: 'center', justifyContent: 'center', border: '1px solid #f0f0f0', borderRadius: 4 }}>
                <FilePdfOutlined style={{ fontSize: 36 }} />
              </a>
            )}
            <Typography.Text ellipsis={{ tooltip: `${d.name} · ${sizeText(d.size)} · ${d.uploadedBy.name} ${formatDateTime(d.uploadedAt)}` }} style={{ display: 'block', fontSize: 12 }}>
              {d.name}
            </Typography.Text>
            <DocumentKindTag kind={d.kind} />
          </div>
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/**
 * 上传照片/资料: pick the kind, then one or more files; each goes up as its own request with a
 * progress bar. The server's refusal (413 too large, 415 type) is shown as it words it.
 */
export function OpsDocumentUpload({ claimId, taskId }: { claimId: string; taskId?: string }) {
  const { t, pick } = useI18n();
  const [kind, setKind] = useState<Exclude<DocumentKind, 'DECLINE_LETTER'>>('PHOTO');
  const [progress, setProgress] = useState<Record<string, { name: string; percent: number }>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const upload = useUploadWithProgress();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('cop.doc.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 180 }}
          options={UPLOAD_KINDS.map((k) => ({ value: k, label: pick(DOCUMENT_KINDS[k]) }))}
        />
        <Upload
          accept={ACCEPT}
          multiple
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            const f = file as File & { uid: string };
            setErrors([]);
            setProgress((p) => ({ ...p, [f.uid]: { name: f.name, percent: 0 } }));
            upload.mutate(
              { claimId, taskId, kind, file: f, onProgress: (percent) => setProgress((p) => ({ ...p, [f.uid]: { name: f.name, percent } })) },
              {
                onSuccess: (doc) => {
                  notifySuccess(t('cop.doc.uploaded', { name: doc.name }));
                  onSuccess?.(doc);
                },
                onError: (error) => {
                  setErrors((e) => [...e, `${f.name}：${error.message}`]);
                  onError?.(error);
                },
                onSettled: () =>
                  setProgress((p) => {
                    const { [f.uid]: _done, ...rest } = p;
                    return rest;
                  }),
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />}>{t('cop.doc.upload')}</Button>
        </Upload>
      </Space>
      <Typography.Text type="secondary">{t('cop.doc.hint')}</Typography.Text>
      {Object.entries(progress).map(([uid, p]) => (
        <div key={uid}>
          <Typography.Text style={{ fontSize: 12 }}>{p.name}</Typography.Text>
          <Progress percent={p.percent} size="small" />
        </div>
      ))}
      {errors.map((e) => (
        <Alert key={e} type="error" showIcon role="alert" title={e} />
      ))}
    </Space>
  );
}
