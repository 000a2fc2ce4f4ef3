import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Progress, Space, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, apiUrl } from '../../app/api';
import { useT, type MessageKey } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { usePermission } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { showServerFieldError } from '../../components/FormModal';
import { RATE_FILE_MAX_BYTES, useImportLifeTable, useImportRateTable, useLifeTables, useRateTables, type LifeTable, type RateTableSummary } from './queries';

/** The Excel row a 422 names (details.row), shown as 第 N 行 above the server's message. */
function UploadError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const row = error instanceof ApiError && typeof error.details?.row === 'number' ? error.details.row : undefined;
  return (
    <div data-testid="upload-error">
      {row !== undefined && (
        <Tag color="red" style={{ marginBottom: 8 }} data-testid="upload-error-row">
          {t('rating.tables.row', { row })}
        </Tag>
      )}
      <ErrorAlert error={error} />
    </div>
  );
}

/** Picks one .xlsx (≤ 5 MB) without uploading it; the form's submit sends it. */
function FilePicker({ file, onFile, problem, onProblem }: { file: File | null; onFile: (f: File | null) => void; problem: string | null; onProblem: (p: string | null) => void }) {
  const t = useT();
  return (
    <>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        beforeUpload={(picked) => {
          if (!picked.name.toLowerCase().endsWith('.xlsx')) onProblem(t('rating.tables.notXlsx'));
          else if (picked.size > RATE_FILE_MAX_BYTES) onProblem(t('rating.tables.tooLarge'));
          else {
            onProblem(null);
            onFile(picked);
          }
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="pick-file">
          {t('rating.tables.pickFile')}
        </Button>
      </Upload>
      <Typography.Text type={problem ? 'danger' : 'secondary'} style={{ marginLeft: 12 }} data-testid="picked-file">
        {problem ?? (file ? t('rating.tables.picked', { name: file.name }) : t('rating.tables.noFile'))}
      </Typography.Text>
    </>
  );
}

interface RateTableForm {
  code: string;
  name: string;
  effectiveFrom: string;
  source: string;
}

interface LifeTableForm {
  code: string;
  name: string;
}

/** What an import mutation looks like to the modal: the form's values plus the file and progress. */
interface WorkbookUpload<V, R> {
  mutate: (input: V & { file: File; onProgress: (percent: number) => void }, callbacks: { onSuccess: (created: R) => void; onError: (error: unknown) => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

/**
 * One modal for both imports: the table's fields, a picked .xlsx, upload progress, and the
 * server's answer — a field error under its field, a row error as 第 N 行 above the message.
 */
function WorkbookImportModal<V extends { code: string }, R>(props: {
  open: boolean;
  onClose: () => void;
  name: string;
  title: string;
  hint: string;
  width: number;
  codeMaxLength: number;
  codePlaceholder?: string;
  upload: WorkbookUpload<V, R>;
  succeeded: (created: R) => string;
  children?: ReactNode;
}) {
  const { open, onClose, upload } = props;
  const t = useT();
  const [form] = Form.useForm<V>();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);

  const close = () => {
    form.resetFields();
    setFile(null);
    setProblem(null);
    setProgress(0);
    upload.reset();
    onClose();
  };

  const submit = (values: V) => {
    if (!file) {
      setProblem(t('rating.tables.fileRequired'));
      return;
    }
    setProgress(0);
    upload.mutate(
      { ...values, code: values.code.trim(), file, onProgress: setProgress },
      {
        onSuccess: (created) => {
          notifySuccess(props.succeeded(created));
          close();
        },
        onError: (error) => showServerFieldError(form, error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={props.title}
      okText={t('rating.tables.importOk')}
      cancelText={t('common.cancel')}
      confirmLoading={upload.isPending}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
      width={props.width}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={props.hint} />
      <Form form={form} name={props.name} layout="vertical" onFinish={submit}>
        <Form.Item name="code" label={t('rating.tables.code')} rules={[...requiredRule(t, 'rating.tables.code'), { pattern: /^[A-Za-z0-9_-]+$/, message: t('rating.tables.codePattern') }]}>
          <Input maxLength={props.codeMaxLength} placeholder={props.codePlaceholder} />
        </Form.Item>
        <Form.Item name="name" label={t('rating.tables.name')} rules={requiredRule(t, 'rating.tables.name')}>
          <Input maxLength={100} />
        </Form.Item>
        {props.children}
        <Form.Item label={t('rating.tables.file')} required>
          <FilePicker file={file} onFile={setFile} problem={problem} onProblem={setProblem} />
        </Form.Item>
      </Form>
      {upload.isPending && <Progress percent={progress} status="active" data-testid="upload-progress" />}
      <UploadError error={upload.error} />
    </Modal>
  );
}

const requiredRule = (t: ReturnType<typeof useT>, key: MessageKey) => [{ required: true, message: t('common.required', { field: t(key) }) }];

function ImportRateTableModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <WorkbookImportModal<RateTableForm, RateTableSummary>
      open={open}
      onClose={onClose}
      name="rateTable"
      title={t('rating.tables.importTitle')}
      hint={t('rating.tables.importHint')}
      width={640}
      codeMaxLength={40}
      codePlaceholder="JS-2027"
      upload={useImportRateTable()}
      succeeded={(created) => t('rating.tables.imported', { code: created.code, rows: created.rows })}
    >
      <Form.Item name="effectiveFrom" label={t('rating.tables.effectiveFrom')} rules={requiredRule(t, 'rating.tables.effectiveFrom')}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="source" label={t('rating.tables.source')} rules={requiredRule(t, 'rating.tables.source')}>
        <Input maxLength={300} placeholder={t('rating.tables.sourcePlaceholder')} />
      </Form.Item>
    </WorkbookImportModal>
  );
}

function ImportLifeTableModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <WorkbookImportModal<LifeTableForm, LifeTable>
      open={open}
      onClose={onClose}
      name="lifeTable"
      title={t('rating.tables.lifeTitle')}
      hint={t('rating.tables.lifeHint')}
      width={560}
      codeMaxLength={32}
      upload={useImportLifeTable()}
      succeeded={(created) => t('rating.tables.lifeImported', { code: created.code })}
    />
  );
}

function LifeTablesCard() {
  const t = useT();
  const tables = useLifeTables();
  const [open, setOpen] = useState(false);
  const columns: TableColumnsType<LifeTable> = [
    { title: t('rating.tables.code'), dataIndex: 'code', key: 'code', width: 160 },
    { title: t('rating.tables.name'), dataIndex: 'name', key: 'name' },
    { title: t('rating.tables.ages'), key: 'ages', width: 120, render: (_, r) => `${r.minAge}–${r.maxAge}` },
    { title: t('rating.tables.kind'), key: 'kind', width: 100, render: (_, r) => (r.builtin ? <Tag>{t('rating.tables.builtin')}</Tag> : <Tag color="blue">{t('rating.tables.uploaded')}</Tag>) },
  ];
  return (
    <Card
      title={t('rating.tables.life')}
      style={{ marginTop: 16 }}
      extra={
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="life-upload">
          {t('rating.tables.lifeUpload')}
        </Button>
      }
    >
      {tables.error && <ErrorAlert error={tables.error} />}
      <Table<LifeTable> size="small" rowKey="code" loading={tables.isLoading} dataSource={tables.data ?? []} columns={columns} pagination={false} data-testid="life-tables" />
      <ImportLifeTableModal open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}

/**
 * 费率表管理: 商业车险 rate-table versions (which one quotes use today), the Excel template and an
 * import of a new version; for actuaries (actuarial:write) the life tables and their upload.
 */
export default function RateTablesPage() {
  const t = useT();
  const can = usePermission();
  const tables = useRateTables();
  const [open, setOpen] = useState(false);
  const inForceFrom = tables.data?.find((r) => r.inForce)?.effectiveFrom;

  const columns: TableColumnsType<RateTableSummary> = [
    { title: t('rating.tables.code'), dataIndex: 'code', key: 'code', width: 160 },
    { title: t('rating.tables.name'), dataIndex: 'name', key: 'name' },
    { title: t('rating.tables.effectiveFrom'), dataIndex: 'effectiveFrom', key: 'effectiveFrom', width: 120 },
    { title: t('rating.tables.kind'), key: 'kind', width: 90, render: (_, r) => (r.sample ? <Tag color="orange">{t('rating.tables.sample')}</Tag> : <Tag color="blue">{t('rating.tables.company')}</Tag>) },
    { title: t('rating.tables.rows'), dataIndex: 'rows', key: 'rows', width: 80, align: 'right' },
    { title: t('rating.tables.source'), dataIndex: 'source', key: 'source', ellipsis: true },
    {
      title: t('rating.tables.status'),
      key: 'status',
      width: 110,
      render: (_, r) =>
        r.inForce ? (
          <Tag color="green">{t('rating.tables.inForce')}</Tag>
        ) : !inForceFrom || r.effectiveFrom > inForceFrom ? (
          <Tag color="gold">{t('rating.tables.notYet')}</Tag>
        ) : (
          <Tag>{t('rating.tables.superseded')}</Tag>
        ),
    },
  ];

  return (
    <>
      <Card
        title={t('rating.tables.commercial')}
        extra={
          <Space>
            <Button icon={<FileExcelOutlined />} href={apiUrl('/rating/commercial/rate-tables/template')} data-testid="rate-template">
              {t('rating.tables.template')}
            </Button>
            <Button type="primary" icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="rate-import">
              {t('rating.tables.import')}
            </Button>
          </Space>
        }
      >
        {tables.error && <ErrorAlert error={tables.error} />}
        <Table<RateTableSummary> size="small" rowKey="code" loading={tables.isLoading} dataSource={tables.data ?? []} columns={columns} pagination={false} data-testid="rate-tables" />
        <ImportRateTableModal open={open} onClose={() => setOpen(false)} />
      </Card>
      {can('actuarial:write') && <LifeTablesCard />}
    </>
  );
}
